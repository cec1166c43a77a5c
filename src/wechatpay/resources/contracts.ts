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
import type { WechatpayVerifier } from '../verifier.js';

const BASE_PATH = '/v3/credit-repayment/partner/contracts';

export interface ContractsResource {
  /**
   * POST …/app-presign. Encrypt `real_identity` fields first with `encryptOaepSha1` and
   * `verifier.encryptionKey().publicKey`; the matching `Wechatpay-Serial` header is added here.
   */
  appPresign(body: AppPresignRequest): Promise<AppPresignResponse>;
  /** POST …/h5-presign; same encryption rule as {@link appPresign}. */
  h5Presign(body: H5PresignRequest): Promise<H5PresignResponse>;
  /** GET …/contracts/{out_contract_code} */
  get(outContractCode: string): Promise<ContractQueryResponse>;
  /**
   * POST …/terminate. UNCONFIRMED whether WeChat Pay answers 200 with `{contract_info}` or 204:
   * both are accepted, 204 resolves `undefined`.
   */
  terminate(body: TerminateContractRequest): Promise<TerminateContractResponse | undefined>;
}

export function createContractsResource(http: HttpClient, verifier: WechatpayVerifier): ContractsResource {
  // Named at call time (the newest valid certificate may change); called inside async functions so a
  // missing certificate rejects the promise instead of throwing synchronously.
  const encryptionHeaders = () => ({ 'Wechatpay-Serial': verifier.encryptionKey().serial });
  return {
    appPresign: async (body) =>
      http.request<AppPresignResponse>({
        method: 'POST',
        path: `${BASE_PATH}/app-presign`,
        body,
        headers: encryptionHeaders(),
      }),
    h5Presign: async (body) =>
      http.request<H5PresignResponse>({
        method: 'POST',
        path: `${BASE_PATH}/h5-presign`,
        body,
        headers: encryptionHeaders(),
      }),
    get: (outContractCode) =>
      http.request<ContractQueryResponse>({ method: 'GET', path: `${BASE_PATH}/${encodeURIComponent(outContractCode)}` }),
    terminate: (body) =>
      http.request<TerminateContractResponse>({ method: 'POST', path: `${BASE_PATH}/terminate`, body, allowEmpty: true }),
  };
}
