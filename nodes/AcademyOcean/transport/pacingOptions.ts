import type { INodeProperties } from 'n8n-workflow';

import { pacingOptions, withPacingOptions } from '../../shared/rateLimit/options';
import { optionsCollection } from './fields';

/**
 * An operation's fields with the pacing options in its Options collection (added when the
 * operation has none), so every AcademyOcean operation offers them where n8n users look.
 */
export function withPacingOptionsField(fields: INodeProperties[]): INodeProperties[] {
	const index = fields.findIndex((field) => field.name === 'options' && field.type === 'collection');
	if (index === -1) return [...fields, optionsCollection(pacingOptions)];
	return fields.map((field, position) =>
		position === index ? { ...field, options: withPacingOptions((field.options ?? []) as INodeProperties[]) } : field,
	);
}
