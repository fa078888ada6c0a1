import type { PropertyModel, WsChannelModel } from './types.ts';

/** What the rule reads of a channel. */
export type ChannelText = Pick<WsChannelModel, 'name' | 'address' | 'title' | 'description'>;

/**
 * Which of the `subscribe` command's params each channel accepts. A spec declares one params object for every
 * channel and says only in prose which channel a param is for, so the rule reads the prose (docs/websocket.md):
 *
 * 1. A param whose description names channels — `<label> channel(s)`, `<label> only` or `<label> subscription(s)`,
 *    where several labels may be joined by `/` (`ticker/ticker_v2 only`) — belongs to those channels only. A
 *    channel's labels are its address, its id, its title and the first word of its title, matched case-insensitively
 *    as whole words. A label several channels have names none of them, except that an address or id wins over a
 *    title or title word (`multivariate` is the channel of that address, not the first word of another's title).
 * 2. A clause of a channel's description (a line, cut at `;` and at the end of a sentence) that says a thing is
 *    "not supported" or "ignored" excludes the params it names in backticks from that channel.
 * 3. Every other param is accepted by every channel.
 *
 * Returns each channel's params in the params' order.
 */
export function channelSubscribeParams(
  channels: readonly ChannelText[],
  params: readonly PropertyModel[],
): Map<string, PropertyModel[]> {
  const mentions = channelMentions(channels);
  const result = new Map<string, PropertyModel[]>();
  for (const channel of channels) {
    const excluded = excludedParams(channel.description ?? '');
    result.set(
      channel.name,
      params.filter((p) => {
        if (excluded.has(p.name)) return false;
        const named = channelsNamedIn(p.type.description ?? '', mentions);
        return named.size === 0 || named.has(channel.name);
      }),
    );
  }
  return result;
}

/** A pattern that finds a mention of a channel by one of its labels, and the channel. */
interface Mention {
  pattern: RegExp;
  channel: string;
}

function channelMentions(channels: readonly ChannelText[]): Mention[] {
  // Per label (lower case): the channels it is the address or id of, and those whose title (word) it is.
  const owners = new Map<string, { exact: Set<string>; title: Set<string> }>();
  const add = (label: string | undefined, channel: string, kind: 'exact' | 'title') => {
    const key = label?.replace(/^\/+/, '').trim().toLowerCase();
    if (!key) return;
    const entry = owners.get(key) ?? { exact: new Set(), title: new Set() };
    entry[kind].add(channel);
    owners.set(key, entry);
  };
  for (const c of channels) {
    add(c.address, c.name, 'exact');
    add(c.name, c.name, 'exact');
    add(c.title, c.name, 'title');
    add(c.title?.split(/\s+/)[0], c.name, 'title');
  }
  const mentions: Mention[] = [];
  for (const [label, { exact, title }] of owners) {
    const claimants = exact.size ? exact : title;
    if (claimants.size !== 1) continue;
    const words = label.split(/\s+/).map(escapeRegExp).join('\\s+');
    mentions.push({
      pattern: new RegExp(`(?<!\\w)${words}(?:/[\\w-]+)*\\s+(?:channels?|only|subscriptions?)\\b`, 'i'),
      channel: [...claimants][0]!,
    });
  }
  return mentions;
}

function channelsNamedIn(description: string, mentions: readonly Mention[]): Set<string> {
  return new Set(mentions.filter((m) => m.pattern.test(description)).map((m) => m.channel));
}

const NOT_ACCEPTED = /\b(?:not supported|ignored)\b/i;

function excludedParams(description: string): Set<string> {
  const excluded = new Set<string>();
  for (const clause of description.split(/\n|;|(?<=\.)\s+/)) {
    if (!NOT_ACCEPTED.test(clause)) continue;
    for (const [, name] of clause.matchAll(/`([^`]+)`/g)) excluded.add(name!.trim());
  }
  return excluded;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
