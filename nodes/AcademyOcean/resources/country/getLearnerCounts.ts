import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import type { AcademyOceanOperation } from '../../transport/operation';

export const getLearnerCountsByCountry: AcademyOceanOperation = {
	value: 'getLearnerCounts',
	name: 'Get Learner Counts',
	action: 'Get learner counts by country',
	description: 'How many learners each country has, or one country',
	definition: {
		action: 'learnersAmountFromCountries',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			const code = String(this.getNodeParameter('countryIsoCode', '') ?? '').trim().toUpperCase();
			if (!code) return {};
			if (!/^[A-Z]{2}$/.test(code)) throw invalidField(this, `"Country Code" must be a two-letter ISO code like US, got "${code}"`);
			return { country_iso_code: code };
		},
	},
	fields: [
		{
			displayName: 'Country Code',
			name: 'countryIsoCode',
			type: 'string',
			default: '',
			placeholder: 'US',
			description: 'Two-letter ISO 3166 country code; leave empty for every country',
		},
	],
};
