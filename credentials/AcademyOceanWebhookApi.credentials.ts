import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** The secret key AcademyOcean signs each webhook delivery with (HMAC-SHA256, `Signature` header). */
export class AcademyOceanWebhookApi implements ICredentialType {
	name = 'academyOceanWebhookApi';

	displayName = 'AcademyOcean Webhook API';

	icon: Icon = {
		light: 'file:../icons/academyOcean.svg',
		dark: 'file:../icons/academyOcean.dark.svg',
	};

	documentationUrl = 'https://academyocean.com/api';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The webhook's secret key, from your academy's webhook settings",
		},
	];
}
