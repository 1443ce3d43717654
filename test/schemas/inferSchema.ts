/**
 * The JSON schema of output items, as n8n's own `__schema__` files write them (type, properties,
 * items; a field that is sometimes null is `["string", "null"]`): inferred from real items, merged
 * over all of them, so that a field one item lacks or has as null is still described.
 */
export interface JsonSchema {
	type: string | string[];
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema;
}

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return 'number';
	if (typeof value === 'object') return 'object';
	return typeof value;
}

export function schemaOf(value: unknown): JsonSchema {
	const type = typeOf(value);
	if (type === 'object') {
		const properties: Record<string, JsonSchema> = {};
		for (const [key, entry] of Object.entries(value as Record<string, unknown>)) properties[key] = schemaOf(entry);
		return { type, properties };
	}
	if (type === 'array') {
		const items = (value as unknown[]).map(schemaOf);
		return items.length ? { type, items: items.reduce(mergeSchemas) } : { type, items: {} as JsonSchema };
	}
	return { type };
}

const types = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type : [schema.type]);

export function mergeSchemas(left: JsonSchema, right: JsonSchema): JsonSchema {
	if (!left.type) return right;
	if (!right.type) return left;
	const merged = [...new Set([...types(left), ...types(right)])];
	// null last, as n8n's files write it.
	merged.sort((a, b) => Number(a === 'null') - Number(b === 'null'));
	const result: JsonSchema = { type: merged.length === 1 ? merged[0] : merged };
	if (left.properties || right.properties) {
		const properties: Record<string, JsonSchema> = { ...left.properties };
		for (const [key, schema] of Object.entries(right.properties ?? {})) {
			properties[key] = properties[key] ? mergeSchemas(properties[key], schema) : schema;
		}
		result.properties = properties;
	}
	if (left.items || right.items) result.items = mergeSchemas(left.items ?? ({} as JsonSchema), right.items ?? ({} as JsonSchema));
	return result;
}

/** The schema of a node's output: what every item has, merged. */
export function outputSchema(items: unknown[]): JsonSchema {
	if (!items.length) throw new Error('no output item to infer a schema from');
	return items.map(schemaOf).reduce(mergeSchemas);
}
