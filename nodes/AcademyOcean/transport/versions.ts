import type { INodeProperties } from 'n8n-workflow';

/**
 * Version 2 turned the fields that name a listable record into pickers (resource locators and
 * multi-selects); version 1 keeps its plain text fields so that saved workflows run unchanged.
 */
export const CURRENT_VERSION = 2;

function withVersion(field: INodeProperties, versions: Array<number | { _cnd: { gte: number } }>): INodeProperties {
	return {
		...field,
		displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, '@version': versions } },
	};
}

/** A field as version 1 showed it. */
export function inVersion1(field: INodeProperties): INodeProperties {
	return withVersion(field, [1]);
}

/** A field from version 2 on. */
export function fromVersion2(field: INodeProperties): INodeProperties {
	return withVersion(field, [{ _cnd: { gte: 2 } }]);
}

/** How errors name a field: by the label the node's version shows for it. */
export function labelFor(context: { getNode(): { typeVersion: number } }, version1Label: string, label: string): string {
	return context.getNode().typeVersion < 2 ? version1Label : label;
}
