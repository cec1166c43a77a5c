/**
 * Typed topic pub/sub over an EventTarget: the in-process `EventTarget` by default, or
 * `@graphql-yoga/redis-event-target` when several instances must share events.
 *
 * Unlike `createPubSub`'s lazily started iterators, `subscribe` registers its listener at call
 * time, so a caller can subscribe, then read the current state, and miss nothing in between.
 */
import { EventQueue } from './event-queue.js';

export type TopicMap = Record<string, unknown>;

export interface PubSub<Topics extends TopicMap> {
  publish<Topic extends keyof Topics & string>(topic: Topic, id: string, payload: Topics[Topic]): void;
  subscribe<Topic extends keyof Topics & string>(topic: Topic, id: string): AsyncIterableIterator<Topics[Topic]>;
  /**
   * Resolves once events published anywhere reach a subscription made with `subscribe` (at once in
   * process; after Redis confirmed the SUBSCRIBE otherwise). Read the current state after this.
   */
  listening<Topic extends keyof Topics & string>(topic: Topic, id: string): Promise<void>;
}

/** The subset of EventTarget both the in-process and the Redis targets provide. */
export interface TopicEventTarget {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
  /** Optional: resolves when listeners of `type` receive events published by other processes. */
  listening?(type: string): Promise<void>;
}

export function createTopicPubSub<Topics extends TopicMap>(
  target: TopicEventTarget = new EventTarget(),
): PubSub<Topics> {
  return {
    publish(topic, id, payload) {
      target.dispatchEvent(new CustomEvent(`${topic}:${id}`, { detail: payload }));
    },
    subscribe(topic, id) {
      const type = `${topic}:${id}`;
      const listener = (event: Event) => queue.push((event as CustomEvent).detail);
      const queue = new EventQueue<Topics[typeof topic]>(() => target.removeEventListener(type, listener));
      target.addEventListener(type, listener);
      return queue;
    },
    listening(topic, id) {
      return target.listening?.(`${topic}:${id}`) ?? Promise.resolve();
    },
  };
}
