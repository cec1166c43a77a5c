import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { checkText } from '../domain/text.js';
import { ServiceError } from '../services/service-error.js';
import type { DeductOrderRecord, ReservationRecord, StalePosition, UnmatchedNotificationRecord } from '../store/store.js';
import type { GraphQLContext } from './context.js';
import { DateTimeISO } from './date-time-scalar.js';
import { DeductOrder } from './deduct-order.type.js';
import { encodeCursor, pageRequest, pageSizeForCost } from './pagination.js';
import { Reservation } from './reservation.type.js';

@ObjectType({ description: 'An order that is not final and has not changed for a while.', simpleResolvers: true })
export class StuckDeductOrder {
  @Field(() => DeductOrder)
  order!: DeductOrderRecord;

  @Field(() => Int, { description: 'Seconds since the order last changed.' })
  stuckForSeconds!: number;

  @Field(() => String, { description: 'Pass as `after` for the ones that come after this one.' })
  cursor!: string;
}

@ObjectType({ description: 'A reservation still SUBMITTING or UNKNOWN that has not changed for a while.', simpleResolvers: true })
export class StuckReservation {
  @Field(() => Reservation)
  reservation!: ReservationRecord;

  @Field(() => Int, { description: 'Seconds since the reservation last changed.' })
  stuckForSeconds!: number;

  @Field(() => String, { description: 'Pass as `after` for the ones that come after this one.' })
  cursor!: string;
}

@ObjectType({
  description:
    'A WeChat Pay callback that named an order we do not hold, contradicted ours (another contract, reservation or amount, another final state, another amount paid or payment number; a contract id and out_contract_code paired otherwise than we hold them), or could not be read as sent (its subject then starts with `unreadable: `): stored, still encrypted, for reconciliation, and never applied.',
  simpleResolvers: true,
})
export class UnmatchedNotification {
  @Field(() => String, { description: "WeChat Pay's notification id; `body-sha256:` and the body's SHA-256 (hex) when the id sent could not be stored." })
  notificationId!: string;

  @Field(() => String, { description: 'e.g. CREDIT_REPAYMENT.DEDUCTION_PAY; `unreadable` when the event type sent could not be read.' })
  eventType!: string;

  @Field(() => String, {
    description: 'The out_trade_no (or out_contract_code) the callback names; for an event type we do not know, that event type; `unreadable: ` and what was sent (JSON-escaped, cut short) when that id or the event type cannot be read, or `unreadable: a resource that is not a JSON object`.',
  })
  subject!: string;

  @Field(() => DateTimeISO)
  receivedAt!: string;

  @Field(() => String, { description: 'Pass as `after` for the ones received before this one.' })
  cursor!: string;

  @Field(() => DeductOrder, { nullable: true, description: 'Our order of that out_trade_no, when we hold one: the order WeChat Pay contradicted.' })
  deductOrder!: DeductOrderRecord | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'When staff marked it reconciled (reconcileUnmatchedNotification); null while it is still to do.' })
  reconciledAt!: string | null;

  @Field(() => String, { nullable: true, description: "The subject of the staff token that marked it reconciled." })
  reconciledBy!: string | null;

  @Field(() => String, { nullable: true, description: 'What was done about it, as staff wrote it.' })
  reconciliationNote!: string | null;
}

/** A note of our own (not sent to WeChat Pay): counted in characters. */
const RECONCILIATION_NOTE_MAX_CHARACTERS = 500;

/**
 * One page of a stuck report, oldest first: `list` asked for the rows last changed before the
 * cutoff (its arguments checked first), each with its age and its cursor (updatedAt, key).
 */
async function stuckPage<Row extends { updatedAt: string }>(
  args: { olderThanSeconds: number; first: number; after: string | null },
  list: (updatedBefore: string, size: number, after: StalePosition | undefined) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): Promise<Array<{ row: Row; stuckForSeconds: number; cursor: string }>> {
  if (!Number.isInteger(args.olderThanSeconds) || args.olderThanSeconds < 0) {
    throw new ServiceError('BAD_USER_INPUT', 'olderThanSeconds must be zero or more', 'olderThanSeconds');
  }
  const page = pageRequest(args.first, args.after);
  const now = Date.now();
  const updatedBefore = new Date(now - args.olderThanSeconds * 1000).toISOString();
  const rows = await list(updatedBefore, page.size, page.after && { updatedAt: page.after.createdAt, key: page.after.key });
  return rows.map((row) => ({
    row,
    stuckForSeconds: Math.floor((now - Date.parse(row.updatedAt)) / 1000),
    cursor: encodeCursor(row.updatedAt, keyOf(row)),
  }));
}

/**
 * Trouble made visible: orders left in SUBMITTING, UNKNOWN, PENDING or NOT_PAY, and reservations
 * left in SUBMITTING or UNKNOWN (what the pollers have not settled yet, or gave up on), oldest
 * first; and callbacks stored UNMATCHED, newest first (an order we hold as final that
 * WeChat Pay contradicts is in no other report).
 */
@Resolver()
export class StuckOrdersResolver {
  @Authorized('staff')
  @Query(() => [StuckDeductOrder], {
    description: 'Orders not final whose last change is older than olderThanSeconds (default 300), oldest first. `after` (a cursor) pages on. Staff only.',
    complexity: ({ args, childComplexity }) => 1 + pageSizeForCost(args.first) * childComplexity,
  })
  async stuckDeductOrders(
    @Ctx() context: GraphQLContext,
    @Arg('olderThanSeconds', () => Int, { defaultValue: 300 }) olderThanSeconds: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<StuckDeductOrder[]> {
    const { deductOrders } = context.services.store;
    const page = await stuckPage({ olderThanSeconds, first, after }, (...request) => deductOrders.listStale(...request), (order) => order.outTradeNo);
    return page.map(({ row, ...entry }) => ({ order: row, ...entry }));
  }

  @Authorized('staff')
  @Query(() => [StuckReservation], {
    description:
      'Reservations still SUBMITTING or UNKNOWN whose last change is older than olderThanSeconds (default 300), oldest first; `after` (a cursor) pages on. The poller asks WeChat Pay about each (its `lastError` says why it is still in doubt) until three days after its repayment date; refreshReservation asks now. One whose resubmission was refused stays UNKNOWN until WeChat Pay knows it. Staff only.',
    complexity: ({ args, childComplexity }) => 1 + pageSizeForCost(args.first) * childComplexity,
  })
  async stuckReservations(
    @Ctx() context: GraphQLContext,
    @Arg('olderThanSeconds', () => Int, { defaultValue: 300 }) olderThanSeconds: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<StuckReservation[]> {
    const { reservations } = context.services.store;
    const page = await stuckPage({ olderThanSeconds, first, after }, (...request) => reservations.listStale(...request), (reservation) => reservation.outRecordId);
    return page.map(({ row, ...entry }) => ({ reservation: row, ...entry }));
  }

  @Authorized('staff')
  @Query(() => [UnmatchedNotification], {
    description:
      'Callbacks stored UNMATCHED, newest first: payments WeChat Pay reported for orders we do not hold, or that contradict ours (e.g. paid after we recorded PAY_FAIL), and callbacks we could not read as sent. Money may have moved that nothing here tracks: each needs reconciling by hand. `after` (a cursor) pages back. Staff only.',
    complexity: ({ args, childComplexity }) => 1 + pageSizeForCost(args.first) * childComplexity,
  })
  async unmatchedNotifications(
    @Ctx() context: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('reconciled', () => Boolean, { defaultValue: false, description: 'The ones staff marked reconciled instead of those still to do.' })
    reconciled: boolean,
  ): Promise<UnmatchedNotification[]> {
    const page = pageRequest(first, after);
    const before = page.after && { receivedAt: page.after.createdAt, id: page.after.key };
    const notifications = await context.services.store.notifications.listUnmatched(page.size, before, reconciled);
    return withOrders(context, notifications);
  }

  @Authorized('staff')
  @Mutation(() => UnmatchedNotification, {
    description:
      'Marks a callback of unmatchedNotifications reconciled, with what was done about it (at most 500 characters; no personal data): it leaves the default list. Once only: NOT_FOUND for an id that is not an unmatched callback, CONFLICT when it was marked already (the first mark stands). Staff only.',
  })
  async reconcileUnmatchedNotification(
    @Ctx() context: GraphQLContext,
    @Arg('notificationId', () => String) notificationId: string,
    @Arg('note', () => String) note: string,
  ): Promise<UnmatchedNotification> {
    checkText(note, 'note', { maxLength: RECONCILIATION_NOTE_MAX_CHARACTERS, required: true, unit: 'characters', sentToWechatPay: false });
    const { store } = context.services;
    const marked = await store.notifications.markReconciled(notificationId, {
      reconciledAt: new Date().toISOString(),
      reconciledBy: context.viewer.subject,
      reconciliationNote: note,
    });
    if (marked) return (await withOrders(context, [marked]))[0]!;
    const stored = await store.notifications.get(notificationId);
    if (stored?.outcome !== 'UNMATCHED') {
      throw new ServiceError('NOT_FOUND', `no unmatched notification ${notificationId}`, 'notificationId');
    }
    throw new ServiceError('CONFLICT', `notification ${notificationId} was marked reconciled already, at ${stored.reconciledAt}`, 'notificationId');
  }
}

/** The report's entries, each payment with our order of its out_trade_no when we hold one (one read). */
async function withOrders(context: GraphQLContext, notifications: UnmatchedNotificationRecord[]): Promise<UnmatchedNotification[]> {
  // A payment's subject is an out_trade_no; a contract event's is an out_contract_code.
  const isPayment = (n: { eventType: string }) => n.eventType === 'CREDIT_REPAYMENT.DEDUCTION_PAY';
  const payments = notifications.filter(isPayment).map((n) => n.subject);
  const orders = new Map((await context.services.store.deductOrders.getMany(payments)).map((order) => [order.outTradeNo, order]));
  return notifications.map((n) => ({
    notificationId: n.id,
    eventType: n.eventType,
    subject: n.subject,
    receivedAt: n.receivedAt,
    cursor: encodeCursor(n.receivedAt, n.id),
    deductOrder: isPayment(n) ? (orders.get(n.subject) ?? null) : null,
    reconciledAt: n.reconciledAt,
    reconciledBy: n.reconciledBy,
    reconciliationNote: n.reconciliationNote,
  }));
}
