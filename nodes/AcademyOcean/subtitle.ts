import type { AcademyOceanOperation } from './transport/operation';

export interface ResourceEntry {
	name: string;
	value: string;
	operations: AcademyOceanOperation[];
}

/**
 * The node's subtitle on the canvas, e.g. "Get Completions: Course": the display names of the
 * chosen operation and resource. n8n's fallback would show the internal values ("getCompletions"),
 * and its own lookup finds only the first resource's operations.
 */
export function operationSubtitle(resources: ResourceEntry[]): string {
	const names: Record<string, string> = {};
	for (const resource of resources) {
		for (const operation of resource.operations) names[`${resource.value}:${operation.value}`] = `${operation.name}: ${resource.name}`;
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}`;
}
