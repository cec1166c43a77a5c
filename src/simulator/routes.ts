/**
 * Every route of the simulator, in matching order.
 */
import { getContractRoute, terminateContractRoute } from './handlers/contracts.js';
import { createDeductOrderRoute, getDeductOrderRoute } from './handlers/deduct-orders.js';
import { appPresignRoute, h5PresignRoute } from './handlers/presign.js';
import {
  sandboxCreateContractRoute,
  sandboxHealthRoute,
  sandboxSettleDeductOrderRoute,
  sandboxTerminateContractRoute,
} from './handlers/sandbox-controls.js';
import {
  sandboxConfirmPresignRoute,
  sandboxDeclinePresignRoute,
  sandboxSigningPageRoute,
} from './handlers/sandbox-signing.js';
import { createScheduleRecordRoute, getScheduleRecordRoute } from './handlers/schedule-records.js';
import type { Route } from './route.js';

export const ROUTES: readonly Route[] = [
  createScheduleRecordRoute,
  getScheduleRecordRoute,
  createDeductOrderRoute,
  getDeductOrderRoute,
  appPresignRoute,
  h5PresignRoute,
  terminateContractRoute,
  getContractRoute,
  sandboxCreateContractRoute,
  sandboxTerminateContractRoute,
  sandboxSettleDeductOrderRoute,
  sandboxSigningPageRoute,
  sandboxConfirmPresignRoute,
  sandboxDeclinePresignRoute,
  sandboxHealthRoute,
];
