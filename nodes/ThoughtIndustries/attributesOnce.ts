import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { ActivityAttributesBuilder } from './activityRequest';

/**
 * The attributes an item's request sent, kept for its output item. Building them evaluates the
 * item's expressions, and in n8n 2.x each evaluation crosses into an isolated-vm isolate: building
 * them again for the output cost a quarter of the node's expression evaluations (`npm run bench --
 * --only=peers`). Keyed by the input item object (the request hook and the output step of an item see
 * the same one) and by node name and item index; an entry is removed when read.
 */
const sentAttributes = new WeakMap<object, Map<string, IDataObject>>();

function slot(context: IExecuteSingleFunctions): { item: object; key: string } | undefined {
	const item = context.getInputData() as unknown;
	if (!item || typeof item !== 'object') return undefined;
	return { item, key: `${context.getNode().name}\u0000${context.getItemIndex()}` };
}

export interface BuiltOnce {
	/** Builds the attributes for the request and keeps them for the output. */
	forRequest: ActivityAttributesBuilder;
	/** The attributes the request sent (built again only if they were not kept). */
	forOutput: ActivityAttributesBuilder;
}

export function buildOncePerItem(build: ActivityAttributesBuilder): BuiltOnce {
	return {
		forRequest(this: IExecuteSingleFunctions): IDataObject {
			const attributes = build.call(this);
			const where = slot(this);
			if (where) {
				const byNode = sentAttributes.get(where.item) ?? new Map<string, IDataObject>();
				byNode.set(where.key, attributes);
				sentAttributes.set(where.item, byNode);
			}
			return attributes;
		},
		forOutput(this: IExecuteSingleFunctions): IDataObject {
			const where = slot(this);
			const byNode = where && sentAttributes.get(where.item);
			const kept = where && byNode?.get(where.key);
			if (!where || !byNode || !kept) return build.call(this);
			byNode.delete(where.key);
			if (byNode.size === 0) sentAttributes.delete(where.item);
			return kept;
		},
	};
}
