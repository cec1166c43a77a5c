/** 预约还款 (repayment reservations): §3.5 and §3.6. */
import type { HttpClient } from '../http-client.js';
import type {
  BatchCreateScheduleRecordsRequest,
  BatchCreateScheduleRecordsResponse,
  ScheduleRecord,
} from '../types.js';

const BASE_PATH = '/v3/credit-repayment/partner/schedule-records';

export interface ScheduleRecordsResource {
  /** POST …/batch-create. Exactly one schedule item per call is supported by WeChat Pay. Never auto-retried. */
  batchCreate(body: BatchCreateScheduleRecordsRequest): Promise<BatchCreateScheduleRecordsResponse>;
  /** GET …/{out_record_id}?contract_id=… */
  get(outRecordId: string, contractId: string): Promise<ScheduleRecord>;
}

export function createScheduleRecordsResource(http: HttpClient): ScheduleRecordsResource {
  return {
    batchCreate: (body) =>
      http.request<BatchCreateScheduleRecordsResponse>({ method: 'POST', path: `${BASE_PATH}/batch-create`, body }),
    get: (outRecordId, contractId) =>
      http.request<ScheduleRecord>({
        method: 'GET',
        path: `${BASE_PATH}/${encodeURIComponent(outRecordId)}?contract_id=${encodeURIComponent(contractId)}`,
      }),
  };
}
