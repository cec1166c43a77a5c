/** Repayment agreements: presign (§3.1, §3.2), query (§3.3), terminate (§3.4). */
import type {
  AppPresignRequest,
  AppPresignResponse,
  ContractQueryResponse,
  H5PresignRequest,
  H5PresignResponse,
  TerminateContractRequest,
  TerminateContractResponse,
} from '../contract-types.js';
import type { HttpClient } from '../http-client.js';
import { WechatpayConfigurationError } from '../errors.js';
import { aboutRecord } from './about-record.js';

const BASE_PATH = '/v3/credit-repayment/partner/contracts';

export interface ContractsResource {
  /**
   * POST …/app-presign. Encrypt `real_identity` fields first with `encryptOaepSha1` under ONE
   * `verifier.encryptionKey()`, and pass that key's serial: it is sent as `Wechatpay-Serial` (§6.6),
   * so the header always names the key the fields were encrypted with, whatever rotates meanwhile.
   * The header is required even when no field is encrypted (§3.1).
   */
  appPresign(body: AppPresignRequest, encryptionSerial: string): Promise<AppPresignResponse>;
  /** POST …/h5-presign; same encryption rule as {@link appPresign}. */
  h5Presign(body: H5PresignRequest, encryptionSerial: string): Promise<H5PresignResponse>;
  /** GET …/contracts/{out_contract_code} */
  get(outContractCode: string): Promise<ContractQueryResponse>;
  /**
   * POST …/terminate. UNCONFIRMED whether WeChat Pay answers 200 with `{contract_info}` or 204:
   * both are accepted, 204 resolves `undefined`.
   */
  terminate(body: TerminateContractRequest): Promise<TerminateContractResponse | undefined>;
}

/** Inside async functions, so a missing serial rejects the promise instead of throwing synchronously. */
function encryptionHeaders(encryptionSerial: string): Record<string, string> {
  if (typeof encryptionSerial !== 'string' || encryptionSerial.trim() === '') {
    throw new WechatpayConfigurationError({
      code: 'INVALID_ARGUMENT',
      message: 'a presign needs the serial of the key its fields were encrypted with (verifier.encryptionKey().serial)',
    });
  }
  return { 'Wechatpay-Serial': encryptionSerial.trim() };
}

export function createContractsResource(http: HttpClient): ContractsResource {
  return {
    appPresign: async (body, encryptionSerial) =>
      http.request<AppPresignResponse>({
        method: 'POST',
        path: `${BASE_PATH}/app-presign`,
        body,
        headers: encryptionHeaders(encryptionSerial),
      }),
    h5Presign: async (body, encryptionSerial) =>
      http.request<H5PresignResponse>({
        method: 'POST',
        path: `${BASE_PATH}/h5-presign`,
        body,
        headers: encryptionHeaders(encryptionSerial),
      }),
    get: async (outContractCode) =>
      aboutRecord(
        await http.request<ContractQueryResponse>({ method: 'GET', path: `${BASE_PATH}/${encodeURIComponent(outContractCode)}` }),
        'out_contract_code',
        outContractCode,
      ),
    terminate: async (body) => {
      const answer = await http.request<TerminateContractResponse>({ method: 'POST', path: `${BASE_PATH}/terminate`, body, allowEmpty: true });
      if (answer?.contract_info) aboutRecord(answer.contract_info, 'out_contract_code', body.out_contract_code);
      return answer;
    },
  };
}
