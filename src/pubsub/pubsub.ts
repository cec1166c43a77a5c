/**
 * Typed topic pub/sub. In process by default: a `Map` from topic to the `Set` of its subscriptions
 * (Node's `EventTarget.addEventListener` scans its listener list for duplicates, so subscribing N
 * watchers of one topic cost O(N²), and it warns past 10 listeners). With a `TopicEventTarget`
 * (`@graphql-yoga/redis-event-target` when several instances must share events), the target gets
 * ONE listener per topic, which fans out to the local set: every subscriber of an event then gets
 * the same payload object, in process and through Redis alike.
 *
 * Unlike `createPubSub`'s lazily started iterators, `subscribe` registers its listener at call
 * time, so a caller can subscribe, then read the current state, and miss nothing in between.
 */
import { EventQueue } from './event-queue.js';

export type TopicMap = Record<string, unknown>;

export interface PubSub<Topics extends TopicMap> {
  publish<Topic extends keyof Topics & string>(topic: Topic, id: string, payload: Topics[Topic]): void;
  /** Events from now on; call `start(initial, keep)` on the queue once the current state is known. */
  subscribe<Topic extends keyof Topics & string>(topic: Topic, id: string): EventQueue<Topics[Topic]>;
  /**
   * Resolves once events published anywhere reach a subscription made with `subscribe` (at once in
   * process; after Redis confirmed the SUBSCRIBE otherwise). Read the current state after this.
   */
  listening<Topic extends keyof Topics & string>(topic: Topic, id: string): Promise<void>;
  /** The topics this process has subscribers of. */
  localTopics(): Array<LocalTopic<Topics>>;
  /** Delivers to this process's subscribers only, as if published (a catch-up, see `onMissedEvents`). */
  deliverLocally<Topic extends keyof Topics & string>(topic: Topic, id: string, payload: Topics[Topic]): void;
  /**
   * `handler(since, only)` runs when events published by other processes since `since` may not
   * have reached this one: for every local subscription when the transport was away, or for
   * `only` when the transport confirmed that one late. Never runs in process only.
   */
  onMissedEvents(handler: (since: Date, only?: LocalTopic<Topics>) => void): void;
}

export interface LocalTopic<Topics extends TopicMap> {
  readonly topic: keyof Topics & string;
  readonly id: string;
}

/** The subset of EventTarget both the in-process and the Redis targets provide. */
export interface TopicEventTarget {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
  /** Optional: resolves when listeners of `type` receive events published by other processes. */
  listening?(type: string): Promise<void>;
  /** Optional: see `PubSub.onMissedEvents`; `type` names the one event type concerned, if only one. */
  onMissedEvents?(handler: (since: Date, type?: string) => void): void;
}

interface Topic {
  readonly topic: string;
  readonly id: string;
  readonly queues: Set<EventQueue<any>>;
  /** The listener registered on the external target, when there is one. */
  readonly listener?: (event: Event) => void;
}

export function createTopicPubSub<Topics extends TopicMap>(target?: TopicEventTarget): PubSub<Topics> {
  const topics = new Map<string, Topic>();

  const deliver = (queues: Set<EventQueue<any>>, payload: unknown) => {
    // A queue removed during delivery (its consumer returned) ignores pushes; one added is skipped by
    // Set iteration only if added after the cursor, which is the same as subscribing a moment later.
    for (const queue of queues) queue.push(payload);
  };

  const add = (name: string, id: string, type: string, queue: EventQueue<any>) => {
    let topic = topics.get(type);
    if (!topic) {
      const queues = new Set<EventQueue<any>>();
      if (target) {
        const listener = (event: Event) => deliver(queues, (event as CustomEvent).detail);
        topic = { topic: name, id, queues, listener };
        target.addEventListener(type, listener);
      } else {
        topic = { topic: name, id, queues };
      }
      topics.set(type, topic);
    }
    topic.queues.add(queue);
  };

  const remove = (type: string, queue: EventQueue<any>) => {
    const topic = topics.get(type);
    if (!topic || !topic.queues.delete(queue) || topic.queues.size > 0) return;
    topics.delete(type);
    if (target && topic.listener) target.removeEventListener(type, topic.listener);
  };

  return {
    publish(topic, id, payload) {
      const type = `${topic}:${id}`;
      // This instance's subscribers first, at once, whether or not an external target carries the
      // event too: a Redis outage must not cost them an update (a final state has no next one).
      // The target's echo reaches them again; subscriptions drop a version they have already sent.
      const local = topics.get(type);
      if (local) deliver(local.queues, payload);
      target?.dispatchEvent(new CustomEvent(type, { detail: payload }));
    },
    subscribe(topic, id) {
      const type = `${topic}:${id}`;
      const queue: EventQueue<Topics[typeof topic]> = new EventQueue(() => remove(type, queue));
      add(topic, id, type, queue);
      return queue;
    },
    listening(topic, id) {
      return target?.listening?.(`${topic}:${id}`) ?? Promise.resolve();
    },
    localTopics() {
      return Array.from(topics.values(), ({ topic, id }) => ({ topic, id }));
    },
    deliverLocally(topic, id, payload) {
      const local = topics.get(`${topic}:${id}`);
      if (local) deliver(local.queues, payload);
    },
    onMissedEvents(handler) {
      target?.onMissedEvents?.((since, type) => {
        if (type === undefined) return handler(since);
        // Unsubscribed meanwhile: nobody here to catch up.
        const local = topics.get(type);
        if (local) handler(since, { topic: local.topic, id: local.id });
      });
    },
  };
}
