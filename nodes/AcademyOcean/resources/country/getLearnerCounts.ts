import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { countryCode, countryLocator } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

export const getLearnerCountsByCountry: AcademyOceanOperation = {
	value: 'getLearnerCounts',
	name: 'Get Learner Counts',
	action: 'Get learner counts by country',
	description: 'How many learners each country has, or one country',
	definition: {
		action: 'learnersAmountFromCountries',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			const code = countryCode(this, 'countryIsoCode', labelFor(this, 'Country Code', 'Country'), false);
			return code ? { country_iso_code: code } : {};
		},
	},
	fields: [
		inVersion1({
			displayName: 'Country Code',
			name: 'countryIsoCode',
			type: 'string',
			default: '',
			placeholder: 'US',
			description: 'Two-letter ISO 3166 country code; leave empty for every country',
		}),
		fromVersion2(
			countryLocator({
				name: 'countryIsoCode',
				displayName: 'Country',
				description: 'One country, or leave empty for every country',
				required: false,
			}),
		),
	],
};
