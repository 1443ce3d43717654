import type { INodeProperties } from 'n8n-workflow';

import { INSTRUCTURE_JWKS_URL } from './canvas';
import { ACADEMY_OCEAN_EVENTS, ALL_EVENTS, CANVAS_EVENTS } from './events';
import { respondProperties, runningDeliveryTimeoutOption } from './respond';

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
		displayName:
			'In AcademyOcean: Settings > Webhooks. Paste the Production URL above as the endpoint and copy the secret key into the credential.',
		name: 'academyOceanNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['academyOcean'] } },
	},
	{
		displayName: 'Events',
		name: 'academyOceanEvents',
		type: 'multiOptions',
		default: [ALL_EVENTS],
		displayOptions: { show: { source: ['academyOcean'] } },
		options: [{ name: 'All Events', value: ALL_EVENTS }, ...ACADEMY_OCEAN_EVENTS],
		description: 'Events that start the workflow; others are answered 200 and ignored',
	},
	{
		displayName:
			'In Canvas Data Services: add an HTTPS subscription to the Production URL above with "Signed JWT payloads" on, and choose the events.',
		name: 'canvasNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['canvas'] } },
	},
	{
		displayName: 'Events',
		name: 'canvasEvents',
		type: 'multiOptions',
		default: [ALL_EVENTS],
		displayOptions: { show: { source: ['canvas'] } },
		options: [{ name: 'All Events', value: ALL_EVENTS }, ...CANVAS_EVENTS],
		description: 'Events that start the workflow; others are answered 200 and ignored',
	},
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
				displayOptions: { show: { '/source': ['canvas'] } },
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
