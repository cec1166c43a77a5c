/** 预约还款 (repayment reservations): §3.5 and §3.6. */
import type { HttpClient } from '../http-client.js';
import type {
  BatchCreateScheduleRecordsRequest,
  BatchCreateScheduleRecordsResponse,
  ScheduleRecord,
} from '../types.js';
import { aboutRecord } from './about-record.js';

const BASE_PATH = '/v3/credit-repayment/partner/schedule-records';

export interface ScheduleRecordsResource {
  /** POST …/batch-create. Exactly one schedule item per call is supported by WeChat Pay. Never auto-retried. */
  batchCreate(body: BatchCreateScheduleRecordsRequest): Promise<BatchCreateScheduleRecordsResponse>;
  /** GET …/{out_record_id}?contract_id=… */
  get(outRecordId: string, contractId: string): Promise<ScheduleRecord>;
}

export function createScheduleRecordsResource(http: HttpClient): ScheduleRecordsResource {
  return {
    batchCreate: async (body) => {
      const answer = await http.request<BatchCreateScheduleRecordsResponse>({ method: 'POST', path: `${BASE_PATH}/batch-create`, body });
      // The answer's shape is known only from a mirror of the docs (§3.5, "IM") and the service uses
      // nothing of it: an answer without records is let through, one about other records is not.
      body.schedule_items.forEach((item, i) => aboutRecord(answer?.schedule_records?.[i], 'out_record_id', item.out_record_id, { mayOmit: true }));
      return answer;
    },
    get: async (outRecordId, contractId) =>
      aboutRecord(
        await http.request<ScheduleRecord>({
          method: 'GET',
          path: `${BASE_PATH}/${encodeURIComponent(outRecordId)}?contract_id=${encodeURIComponent(contractId)}`,
        }),
        'out_record_id',
        outRecordId,
        { mayOmit: true }, // as for batchCreate (§3.6 "IM"); the service only needs "not 404"
      ),
  };
}
