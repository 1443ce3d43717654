/** Why a delivery does not start the workflow, as the HTTP answer the platform gets. */
export interface Rejection {
	status: number;
	/** Sent back: never the secret, the expected signature or a key. */
	message: string;
	/** For the n8n log only (e.g. why the JWKS could not be read); holds no secret either. */
	detail?: string;
}

export interface Accepted {
	event: string;
	/** Identifies a delivery so that a retry of it is recognised. */
	deliveryId: string;
	payload: Record<string, unknown>;
}

export type Received = { accepted: Accepted } | { rejected: Rejection };

export const reject = (status: number, message: string, detail?: string): Received => ({
	rejected: detail === undefined ? { status, message } : { status, message, detail },
});
