// The consistency report's rules: Okta is the source of truth; active + assigned → active in the twin,
// anything else → not active there; people only other twins hold are drift when active.
import { describe, expect, it } from 'vitest';
import { consistencyReport } from '../../shared/kernel/consistency.js';
import type { TwinPerson } from '../../shared/kernel/twin-definition.js';

const okta = (email: string, status: TwinPerson['status'], apps: TwinPerson['apps'], name = email): TwinPerson => ({ email, id: `00u-${email}`, status, apps, name });
const held = (email: string, status: TwinPerson['status'], name = email): TwinPerson => ({ email, id: `id-${email}`, status, name });

describe('consistencyReport', () => {
  it('is ok when every twin follows Okta', () => {
    const report = consistencyReport({
      okta: [okta('a@x.test', 'active', ['slack', 'jira']), okta('b@x.test', 'deactivated', []), okta('c@x.test', 'active', ['slack'])],
      slack: [held('a@x.test', 'active'), held('b@x.test', 'deactivated'), held('c@x.test', 'active')],
      jira: [held('a@x.test', 'active'), held('b@x.test', 'deactivated')],
    });
    expect(report).toMatchObject({ ok: true, drifting: 0, twins: ['okta', 'slack', 'jira'] });
    expect(report.people.map((p) => p.email)).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(report.people[2].twins.jira).toBe('absent');
    expect(report.people[0].assigned).toEqual(['slack', 'jira']);
  });

  it('reports each kind of drift with a message', () => {
    const report = consistencyReport({
      okta: [okta('gone@x.test', 'deactivated', []), okta('new@x.test', 'active', ['slack']), okta('unassigned@x.test', 'active', []),
        okta('renamed@x.test', 'active', ['slack'], 'Dana Lee'), okta('away@x.test', 'suspended', ['slack'])],
      slack: [held('gone@x.test', 'active'), held('unassigned@x.test', 'active'), held('renamed@x.test', 'active', 'Dana Smith'),
        held('away@x.test', 'active'), held('stranger@x.test', 'active')],
    }, true);
    expect(report.ok).toBe(false);
    const drift = Object.fromEntries(report.people.map((p) => [p.email, p.drift.map((d) => [d.field, d.expected, d.actual])]));
    expect(drift).toEqual({
      'gone@x.test': [['status', 'not active', 'active']],
      'new@x.test': [['status', 'active', 'absent']],
      'unassigned@x.test': [['status', 'not active', 'active']],
      'renamed@x.test': [['name', 'Dana Lee', 'Dana Smith']],
      'away@x.test': [['status', 'not active', 'active']],
      'stranger@x.test': [['status', 'not active', 'active']],
    });
    expect(report.drifting).toBe(6);
    expect(report.people.find((p) => p.email === 'gone@x.test')!.drift[0].message).toBe('active in slack but deactivated in okta');
    expect(report.people.find((p) => p.email === 'stranger@x.test')!.drift[0].message).toBe('active in slack but unknown to okta');
  });

  it('expects nothing without Okta in the report', () => {
    const report = consistencyReport({ slack: [held('a@x.test', 'active')] });
    expect(report).toMatchObject({ ok: true, drifting: 0 });
    expect(report.people[0].twins.slack).toMatchObject({ status: 'active' });
  });
});
