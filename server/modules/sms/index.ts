// SMS: the keyword channel through Kannel (intake, status, replies, ratings) and the outgoing SMS
// queue other modules may use. See docs/sms.md.
export { parseSms, titleFrom, type SmsCommand, type HelpReason } from './parse';
export { planSms, codingOf, isGsm7, smsLength, type Coding, type SmsPlan } from './gsm';
export { normalisePhone, samePhone, maskPhone } from './phone';
export { receiveSms, resolveRegion, type InboundSms, type InboundResult, type SmsCtx } from './inbound';
export { queueSms, sendDueSms, smsSenderTask, listOutbox, renderSms, smsBackoffMs, SMS_MAX_ATTEMPTS, type NewSms, type SendResult, type SmsGatewayConfig, type FetchLike } from './outbound';
export { Replies, ACCESS_CODE_PLACEHOLDER, formatDateId } from './replies';
export { registerSmsRoutes } from './routes';
