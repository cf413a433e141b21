// Slack: channels (public and private) with member counts, a channel's messages (newest at the bottom)
// with reactions, files and threads, updating live from the event stream; a composer posts as a person.
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { twin } from '../api';
import { ErrorBox, Loading } from '../components/status';
import { useDebounced, useLoad, useOnChange } from '../components/vendor-data';
import { slack, slackAll, SlackMessageRow, userName, type SlackChannel, type SlackMessage, type SlackUser } from '../components/vendor-slack';
import { useEventStream, type JournalEvent } from '../live';
import { href, useRoute } from '../router';
import './slack.css';

export function SlackView() {
  const [channelId, threadTs] = useRoute();
  const channels = useLoad(() => slackAll<SlackChannel>('conversations.list',
    'channels', { types: 'public_channel,private_channel', exclude_archived: 'true', limit: 1000 }), []);
  const people = useLoad(() => slackAll<SlackUser>('users.list', 'members', { limit: 1000 }), []);
  const users = useMemo(() => new Map((people.data ?? []).map((u) => [u.id, u])), [people.data]);
  // One stream for the view: a change to the open channel (any message, reaction or file in it: the
  // journal's target names the channel) refetches it; a channel created or renamed refetches the list.
  const [changes, setChanges] = useState(0);
  const bump = useDebounced(() => setChanges((n) => n + 1));
  const reloadList = useDebounced(channels.reload);
  useEventStream({ twin: 'slack' }, (event: JournalEvent) => {
    const target = event.target;
    if (!target || event.direction !== 'in') return;
    if (channelId && (target.channel === channelId || target.id === channelId)) bump();
    if (target.type === 'channel') reloadList();
  });
  const channel = channels.data?.find((c) => c.id === channelId);

  return (
    <div class="slack-layout">
      <nav class="slack-sidebar" aria-label="Channels">
        <h1 class="slack-title">Slack</h1>
        <h2>Channels</h2>
        {channels.loading && !channels.data && <Loading what="channels" />}
        <ErrorBox error={channels.error} />
        <ul class="slack-channel-list">
          {(channels.data ?? []).map((c) => (
            <li key={c.id}>
              <a href={href('slack', c.id)} class={`slack-channel-link${c.id === channelId ? ' slack-current' : ''}`}
                aria-current={c.id === channelId ? 'page' : undefined}>
                <ChannelMark isPrivate={c.is_private} /> <span class="slack-channel-name">{c.name}</span>
                <span class="slack-count" title={`${c.num_members ?? 0} members`}>{c.num_members ?? 0}<span class="visually-hidden"> members</span></span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {channelId ? (
        <ChannelPane key={channelId} channelId={channelId} channel={channel} users={users} people={people.data ?? []} threadTs={threadTs} changes={changes} />
      ) : (
        <section class="slack-empty"><p>Pick a channel to read its messages.</p></section>
      )}
    </div>
  );
}

/** '#' for a public channel; for a private one a padlock drawn in CSS (and "private" for screen readers). */
function ChannelMark({ isPrivate }: { isPrivate?: boolean }) {
  if (!isPrivate) return <span aria-hidden="true">#</span>;
  return <span class="slack-lock" title="private channel"><span class="visually-hidden">private channel </span></span>;
}

function ChannelPane({ channelId, channel, users, people, threadTs, changes }: {
  channelId: string; channel?: SlackChannel; users: Map<string, SlackUser>; people: SlackUser[]; threadTs?: string; changes: number;
}) {
  const history = useLoad(() => slack<{ ok: boolean; messages: SlackMessage[] }>('conversations.history', { channel: channelId, limit: 100 })
    .then((a) => a.messages.slice().reverse()), [channelId]);
  const thread = useLoad(() => (threadTs
    ? slack<{ ok: boolean; messages: SlackMessage[] }>('conversations.replies', { channel: channelId, ts: threadTs, limit: 200 }).then((a) => a.messages)
    : Promise.resolve(undefined)), [channelId, threadTs]);
  const members = useLoad(() => slackAll<string>('conversations.members', 'members', { channel: channelId, limit: 1000 }), [channelId]);
  // Newest at the bottom, in view: follow new messages unless the reader scrolled up to older ones.
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const onScroll = () => {
    const el = list.current!;
    atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 40;
  };
  useLayoutEffect(() => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [history.data]);
  useOnChange(changes, () => {
    history.reload();
    if (threadTs) thread.reload();
  });

  return (
    <>
      <section class="slack-channel" aria-labelledby="slack-channel-title">
        <header class="slack-channel-head">
          <h2 id="slack-channel-title">{channel ? <>{channel.is_private ? <ChannelMark isPrivate /> : '#'}{channel.name}</> : channelId}</h2>
          {channel?.topic?.value && <p class="slack-topic">{channel.topic.value}</p>}
        </header>
        <ErrorBox error={history.error} />
        {history.loading && !history.data && <Loading what="messages" />}
        <ol ref={list} onScroll={onScroll} class="slack-messages" aria-label="Messages" aria-live="polite">
          {(history.data ?? []).map((m) => <SlackMessageRow key={m.ts} message={m} users={users} channelId={channelId} />)}
        </ol>
        <Composer channelId={channelId} people={people} members={members.data} onPosted={history.reload} />
      </section>
      {threadTs && (
        <aside class="slack-thread" aria-labelledby="slack-thread-title">
          <header class="slack-channel-head">
            <h2 id="slack-thread-title">Thread</h2>
            <a href={href('slack', channelId)}>Close thread</a>
          </header>
          <ErrorBox error={thread.error} />
          {thread.loading && !thread.data && <Loading what="replies" />}
          <ol class="slack-messages" aria-label="Replies">
            {(thread.data ?? []).map((m) => <SlackMessageRow key={m.ts} message={m} users={users} channelId={channelId} inThread />)}
          </ol>
        </aside>
      )}
    </>
  );
}

/** Posts with chat.postMessage as the chosen person (the proxy uses their own user token). */
function Composer({ channelId, people, members, onPosted }: { channelId: string; people: SlackUser[]; members?: string[]; onPosted: () => void }) {
  const inChannel = new Set(members ?? []);
  const humans = people.filter((p) => !p.deleted && !p.is_bot && p.profile?.email);
  // The channel's members first (posting elsewhere is Slack's not_in_channel).
  const postable = [...humans.filter((p) => inChannel.has(p.id)), ...humans.filter((p) => !inChannel.has(p.id))];
  const [as, setAs] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const author = as || postable[0]?.profile?.email || '';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim() || !author) return;
    setSending(true);
    setError(undefined);
    try {
      const answer = await twin<{ ok: boolean; error?: string }>('slack', '/api/chat.postMessage',
        { body: { channel: channelId, text }, headers: { 'X-DTU-As': author } });
      if (!answer.ok) throw new Error(`Slack chat.postMessage: ${answer.error ?? 'failed'}`);
      setText('');
      onPosted();
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="slack-composer" onSubmit={submit}>
      <label>
        Post as
        <select value={author} onChange={(e) => setAs((e.target as HTMLSelectElement).value)}>
          {postable.map((p) => (
            <option key={p.id} value={p.profile!.email}>{userName(p)} ({p.profile!.email}){inChannel.has(p.id) ? '' : ' · not in channel'}</option>
          ))}
        </select>
      </label>
      <label class="slack-composer-text">
        Message
        <textarea rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) void submit(e); }} />
      </label>
      <button type="submit" disabled={sending || !text.trim()}>Send</button>
      <ErrorBox error={error} />
    </form>
  );
}
