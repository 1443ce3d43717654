import type { ActivityAttributesBuilder } from './activityRequest';
import { echoRecordedActivity, recordActivity } from './activityRequest';
import { buildOncePerItem } from './attributesOnce';

/**
 * The declarative routing of a "Record External Activity" operation: one POST per item, made by
 * `recordActivity` (pacing, credential instance, JSON body or signed JWT), and the recorded
 * attributes echoed as the output item. The attributes are built once per item, for the request,
 * and reused for the output (see attributesOnce.ts).
 */
export function recordActivityRouting(path: string, build: ActivityAttributesBuilder, resource: string) {
	const builtOnce = buildOncePerItem(build);
	return {
		request: { method: 'POST' as const, url: path, ignoreHttpStatusErrors: true },
		send: { paginate: true },
		operations: { pagination: recordActivity(builtOnce.forRequest) },
		output: { postReceive: [echoRecordedActivity(builtOnce.forOutput, resource)] },
	};
}
