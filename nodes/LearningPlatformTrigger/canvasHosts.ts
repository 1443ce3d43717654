import type { IDataObject } from 'n8n-workflow';

/** In Allowed Canvas Hosts, accepts events from any Canvas host. */
export const ANY_HOST = '*';

export function hostList(value: unknown): string[] {
	return String(value ?? '')
		.split(/[,\n]/)
		.map((entry) => entry.trim().toLowerCase())
		.filter(Boolean);
}

/**
 * The Canvas hosts whose events are accepted, [`*`] for any. Version 2 makes the list part of the
 * Canvas set-up (empty accepts nothing); version 1 had it under Options, where empty meant any host,
 * and keeps that meaning so saved workflows behave as before (activation warns about it).
 */
export function canvasAllowedHosts(context: { getNode(): { typeVersion: number }; getNodeParameter(name: string, fallback: unknown): unknown }, options: IDataObject): string[] {
	if (context.getNode().typeVersion < 2) {
		const hosts = hostList(options.allowedHosts);
		return hosts.length ? hosts : [ANY_HOST];
	}
	return hostList(context.getNodeParameter('allowedCanvasHosts', ''));
}
