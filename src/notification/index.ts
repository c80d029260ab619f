// What the composition root and receivers use from the notification area.
export { startNotificationWorker, type NotificationWorker, type NotificationWorkerOptions } from "./notification-worker.js";
export { createNotificationMetrics, type NotificationMetrics } from "./metrics.js";
export { queuesMessage } from "./outbox-wake.js";
export { SIGNATURE_HEADER, signWebhookBody, verifyWebhookSignature } from "./channels/webhook-signature.js";
