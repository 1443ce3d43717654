import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { INSTRUCTURE_JWKS_URL } from './canvas';
import { canvasAllowedHosts } from './canvasHosts';
import { eventsOfOtherSource, selectedEvents } from './events';

const SOURCE_NAMES: Record<string, string> = { academyOcean: 'AcademyOcean', canvas: 'Canvas' };

/**
 * What activation (and "Test this trigger") checks before anything is received: a set-up that could
 * never start the workflow, or that would accept what it should not, is refused with what to fix.
 */
export function checkTriggerSetUp(context: IHookFunctions, source: string, options: IDataObject): void {
	const foreign = eventsOfOtherSource(selectedEvents(context, source), source);
	if (foreign.length) {
		throw new NodeOperationError(
			context.getNode(),
			`Events: ${foreign.join(', ')} ${foreign.length === 1 ? 'is not an event' : 'are not events'} of ${SOURCE_NAMES[source] ?? source}`,
			{ description: 'Choose the Events again after changing Source: only events of the chosen Source can start the workflow' },
		);
	}
	if (source !== 'canvas') return;
	if (context.getNode().typeVersion >= 2) {
		if (!canvasAllowedHosts(context, options).length) {
			throw new NodeOperationError(context.getNode(), 'Allowed Canvas Hosts is empty: no Canvas event would be accepted', {
				description: 'Enter your Canvas hostname, e.g. school.instructure.com (several separated by commas), or * to accept events of any Canvas host',
			});
		}
		return;
	}
	if (!String(options.allowedHosts ?? '').trim() && options.acceptUnsigned !== true) {
		const { name } = context.getNode();
		context.logger.warn(
			`Learning Platform Trigger "${name}" (workflow ${context.getWorkflow().id ?? ''}): Allowed Canvas Hosts is empty, so signed Live Events of ` +
				'any Canvas institution start this workflow. Instructure signs every institution\'s events with the same keys: open the node and set ' +
				'Options > Allowed Canvas Hosts to your Canvas hostname (new trigger nodes ask for it in the Canvas set-up).',
		);
	}
}

/**
 * Activation when the JWKS cannot be read: which keys, from where, and what to check. n8n's editor
 * shows only the message of an activation error ("Test this trigger"), so the message says it all.
 * The cause stays in the description: n8n replaces a whole error message that contains a network
 * error code (ECONNREFUSED, ENOTFOUND…) by its generic sentence ("The connection cannot be
 * established…"), which is what builders saw before.
 */
export function jwksUnavailableError(context: IHookFunctions, jwksUrl: string, why: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`The Canvas signing keys could not be fetched from the JWKS URL ${jwksUrl}. Check Options > JWKS URL and that n8n can reach it (proxy, firewall, DNS)`,
		{
			description:
				`Canvas events are verified with these keys, so the trigger cannot start without them. Check Options > JWKS URL ` +
				`(Instructure's is ${INSTRUCTURE_JWKS_URL}), that n8n can reach it (proxy, firewall, DNS), and that it answers with a ` +
				`JWKS document ({"keys": [...]}). Cause: ${why}`,
		},
	);
}
