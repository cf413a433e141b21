// The sign-in page /authorize shows when nobody is signed in: a plain HTML form with `username` and
// `password` (CONTRACT.md), posted to /login/login.htm with the authorize request in `fromURI`, the way
// Okta's classic sign-in page carries it. It lists the people who can sign in; clicking one fills the form.
import type { Org } from '../../../shared/seeding/org.js';
import { userByLogin, type OktaData } from '../store.js';
import { escapeHtml } from './errors.js';

/** How many people the page lists (the rest sign in by typing their login). */
const LISTED_PEOPLE = 50;

export interface LoginPageOptions {
  fromUri: string;
  loginHint?: string;
  error?: string;
  clientName?: string;
}

export function loginPage(org: Org, data: OktaData, options: LoginPageOptions): string {
  const active = org.people.filter((p) => p.status === 'active');
  const rows = active.slice(0, LISTED_PEOPLE).map((person) => {
    const user = userByLogin(data, person.email);
    const password = user ? data.passwords[user.id] ?? '' : '';
    return `<li><button type="button" class="person" data-username="${escapeHtml(person.email)}" data-password="${escapeHtml(password)}">${escapeHtml(person.name)}</button> <span>${escapeHtml(person.email)} · ${escapeHtml(person.title)}</span></li>`;
  }).join('\n');
  const more = active.length > LISTED_PEOPLE ? `<p>…and ${active.length - LISTED_PEOPLE} more: type their email; passwords are in <code>/_dtu/credentials</code> (okta.oidc.people).</p>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(org.name)} - Sign In</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto}label{display:block;margin:.5rem 0}.error{color:#b00}ul{padding-left:1rem}</style></head>
<body><h1>Sign In</h1>${options.clientName ? `<p>to continue to ${escapeHtml(options.clientName)}</p>` : ''}
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form id="okta-sign-in" method="post" action="/login/login.htm">
<input type="hidden" name="fromURI" value="${escapeHtml(options.fromUri)}">
<label>Username <input name="username" type="text" autocomplete="username" value="${escapeHtml(options.loginHint ?? '')}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign In</button>
</form>
<h2>People of ${escapeHtml(org.name)}</h2><ul>
${rows}
</ul>${more}
<script>for (const b of document.querySelectorAll('.person')) b.addEventListener('click', () => {
  const f = document.getElementById('okta-sign-in'); f.username.value = b.dataset.username; f.password.value = b.dataset.password; });</script>
</body></html>`;
}

/** What the browser gets for response_mode=form_post: a form that posts the response to the client. */
export function formPostPage(redirectUri: string, params: Record<string, string>): string {
  const inputs = Object.entries(params).map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Submit This Form</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}
