/** Why a delivery does not start the workflow, as the HTTP answer the platform gets. */
export interface Rejection {
	status: number;
	/** Safe to send back: never the secret, the expected signature or a key. */
	message: string;
}

export interface Accepted {
	event: string;
	/** Identifies a delivery so that a retry of it is recognised. */
	deliveryId: string;
	payload: Record<string, unknown>;
}

export type Received = { accepted: Accepted } | { rejected: Rejection };

export const reject = (status: number, message: string): Received => ({ rejected: { status, message } });
