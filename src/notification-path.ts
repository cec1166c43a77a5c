/** Where WeChat Pay sends every callback: the notify URLs we send are this path on PUBLIC_URL. */
export const NOTIFICATION_PATH = '/wechatpay/notifications';
