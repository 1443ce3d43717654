import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { INSTRUCTURE_JWKS_URL } from './canvas';
import { ANY_HOST } from './canvasHosts';
import { ACADEMY_OCEAN_EVENTS, ALL_EVENTS, CANVAS_EVENTS } from './events';
import { respondProperties, runningDeliveryTimeoutOption } from './respond';

const VERSION_1 = { '@version': [1] };
const FROM_VERSION_2 = { '@version': [{ _cnd: { gte: 2 } }] };

const academyOceanNotice =
	'In AcademyOcean: Settings > Webhooks. Paste the Production URL above as the endpoint and copy the secret key into the credential.';
const canvasNotice =
	'In Canvas Data Services: add an HTTPS subscription to the Production URL above with "Signed JWT payloads" on, and choose the events.';

/**
 * The node panel's ready-made entries ("On Canvas course completed", …), never shown in the node: the
 * panel reads the static options of the first parameter labelled "Events" (AcademyOcean's here) and
 * of the first parameter named `operation` (Canvas's), and an entry presets that parameter and the
 * first value of each `show` condition, i.e. its Source. Shown and hidden for the same Source, these
 * lists are never displayed, so n8n's editor neither keeps their values nor unsets the Events below.
 */
function panelEntries(displayName: string, source: string, events: INodePropertyOptions[], anyEvent: string): INodeProperties {
	return {
		displayName,
		name: 'operation',
		type: 'multiOptions',
		default: [ALL_EVENTS],
		displayOptions: { show: { source: [source] }, hide: { source: [source] } },
		options: [{ name: 'All Events', value: ALL_EVENTS, action: anyEvent }, ...events],
	};
}

/**
 * Version 2's Events: one parameter, shown for both sources, whose options are loaded for the chosen
 * Source. When a parameter changes, n8n's editor drops the values of parameters it no longer shows
 * (NodeHelpers.getNodeParameters) and unsets a parameter whose display depends on the changed one
 * when its static options lack the value (removeMismatchedOptionValues in the editor's ndv utils);
 * this parameter is neither, so the chosen events survive switching Source and back. Events of the
 * other Source are flagged by the editor (not among the loaded options) and named at activation.
 */
const version2Events: INodeProperties[] = [
	panelEntries('Live Events', 'canvas', CANVAS_EVENTS, 'On any Canvas Live Event'),
	panelEntries('Events', 'academyOcean', ACADEMY_OCEAN_EVENTS, 'On any AcademyOcean event'),
	{
		displayName: 'Event Names or IDs',
		name: 'operation',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'sourceEvents', loadOptionsDependsOn: ['source'] },
		default: [ALL_EVENTS],
		displayOptions: { show: FROM_VERSION_2 },
		description:
			'Events of the chosen Source that start the workflow; others are answered 200 and ignored. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

/** Version 2 makes the Canvas host list part of the set-up: empty accepts nothing. */
const version2CanvasHosts: INodeProperties[] = [
	{
		displayName:
			"Instructure signs every institution's Live Events with the same keys: only the hosts listed below can start this workflow, so another Canvas customer who learns the URL cannot. Use * to accept any host.",
		name: 'allowedCanvasHostsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['canvas'], ...FROM_VERSION_2 } },
	},
	{
		displayName: 'Allowed Canvas Hosts',
		name: 'allowedCanvasHosts',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. school.instructure.com',
		displayOptions: { show: { source: ['canvas'], ...FROM_VERSION_2 } },
		description: `Your Canvas hostnames, separated by commas; ${ANY_HOST} accepts events of any Canvas host`,
	},
];

const version1Events: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'academyOceanEvents',
		type: 'multiOptions',
		default: [ALL_EVENTS],
		displayOptions: { show: { source: ['academyOcean'], ...VERSION_1 } },
		options: [{ name: 'All Events', value: ALL_EVENTS }, ...ACADEMY_OCEAN_EVENTS],
		description: 'Events that start the workflow; others are answered 200 and ignored',
	},
	{
		displayName: 'Events',
		name: 'canvasEvents',
		type: 'multiOptions',
		default: [ALL_EVENTS],
		displayOptions: { show: { source: ['canvas'], ...VERSION_1 } },
		options: [{ name: 'All Events', value: ALL_EVENTS }, ...CANVAS_EVENTS],
		description: 'Events that start the workflow; others are answered 200 and ignored',
	},
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		default: 'academyOcean',
		options: [
			{ name: 'AcademyOcean', value: 'academyOcean', description: 'Webhooks signed with your webhook secret' },
			{ name: 'Canvas LMS (Live Events)', value: 'canvas', description: 'Live Events delivered over HTTPS by Canvas Data Services' },
		],
	},
	{
		displayName: academyOceanNotice,
		name: 'academyOceanNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['academyOcean'] } },
	},
	{
		displayName: canvasNotice,
		name: 'canvasNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['canvas'] } },
	},
	...version2Events,
	...version2CanvasHosts,
	...version1Events,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return the most used fields flat (learner, course, academy, dates) instead of the raw event',
	},
	...respondProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Unsigned Events (Insecure)',
				name: 'acceptUnsigned',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/source': ['canvas'] } },
				description:
					'Whether to accept plain JSON events without a signature. Anyone who knows the URL can then start the workflow: use only when signing is off and the URL is secret.',
			},
			{
				displayName: 'Allowed Canvas Hosts',
				name: 'allowedHosts',
				type: 'string',
				default: '',
				placeholder: 'school.instructure.com',
				displayOptions: { show: { '/source': ['canvas'], ...VERSION_1 } },
				description:
					'Canvas hostnames whose events are accepted, separated by commas. Instructure signs every institution\'s events with the same keys, so set this to refuse events of other institutions.',
			},
			{
				displayName: 'Clock Skew (Seconds)',
				name: 'clockSkewSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 600 },
				default: 60,
				displayOptions: { show: { '/source': ['canvas'] } },
				description: 'Tolerance when checking the token\'s expiry, not-before and issued-at times',
			},
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreDuplicates',
				type: 'boolean',
				default: true,
				description: 'Whether a delivery the platform retries (same event ID, or same signed body) starts the workflow only once',
			},
			{
				displayName: 'Include Headers',
				name: 'includeHeaders',
				type: 'boolean',
				default: false,
				description: 'Whether to add the request headers to the output',
			},
			{
				displayName: 'JWKS URL',
				name: 'jwksUrl',
				type: 'string',
				default: INSTRUCTURE_JWKS_URL,
				displayOptions: { show: { '/source': ['canvas'] } },
				description: "Where the public keys that sign Live Events are published (Instructure's by default)",
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodyKb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16384 },
				default: 1024,
				description: 'Larger deliveries are refused with 413',
			},
			runningDeliveryTimeoutOption,
		],
	},
];
