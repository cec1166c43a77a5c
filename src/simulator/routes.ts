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
import { sandboxClearFaultsRoute, sandboxListFaultsRoute, sandboxSetFaultsRoute } from './handlers/sandbox-faults.js';
import { sandboxConfirmPresignRoute, sandboxDeclinePresignRoute } from './handlers/sandbox-signing.js';
import { createScheduleRecordRoute, getScheduleRecordRoute } from './handlers/schedule-records.js';
import { signingDecisionRoute, signingPageRoute } from './handlers/signing-page.js';
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
  signingPageRoute,
  signingDecisionRoute,
  sandboxConfirmPresignRoute,
  sandboxDeclinePresignRoute,
  sandboxSetFaultsRoute,
  sandboxListFaultsRoute,
  sandboxClearFaultsRoute,
  sandboxHealthRoute,
];
