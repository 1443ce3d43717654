import type { INodeProperties } from 'n8n-workflow';

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
 * Version 2's events: both sources' lists are one parameter, `operation`, because that name is what
 * n8n's node panel reads. It lists the options of the first parameter called "Events" (AcademyOcean's)
 * and those of the first parameter named `operation` (Canvas's, hence first here and labelled "Live
 * Events"), each entry presetting the Source its parameter is shown for, so both sources' events can
 * be picked from the panel. (One name also means one saved value: activation names events that do
 * not belong to the chosen Source.)
 */
const version2Events: INodeProperties[] = [
	{
		displayName: 'Live Events',
		name: 'operation',
		type: 'multiOptions',
		default: [ALL_EVENTS],
		displayOptions: { show: { source: ['canvas'], ...FROM_VERSION_2 } },
		options: [{ name: 'All Events', value: ALL_EVENTS, action: 'On any Canvas Live Event' }, ...CANVAS_EVENTS],
		description: 'Canvas Live Events that start the workflow; others are answered 200 and ignored',
	},
	{
		displayName: 'Events',
		name: 'operation',
		type: 'multiOptions',
		default: [ALL_EVENTS],
		displayOptions: { show: { source: ['academyOcean'], ...FROM_VERSION_2 } },
		options: [{ name: 'All Events', value: ALL_EVENTS, action: 'On any AcademyOcean event' }, ...ACADEMY_OCEAN_EVENTS],
		description: 'Events that start the workflow; others are answered 200 and ignored',
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
