import { invalid } from '../errors.ts';
import { activeLearners } from '../lookup.ts';
import { learnerView } from '../views.ts';
import type { ActionHandler } from './context.ts';

/** Names for codes no learner carries yet (a country with learners is named as they have it). */
const COUNTRY_NAMES: Record<string, string> = {
	BR: 'Brazil',
	CA: 'Canada',
	DE: 'Germany',
	ES: 'Spain',
	FR: 'France',
	GB: 'United Kingdom',
	IN: 'India',
	JP: 'Japan',
	PL: 'Poland',
	UA: 'Ukraine',
	US: 'United States',
};

function isoCode(value: string): string {
	if (!/^[A-Za-z]{2}$/.test(value)) throw invalid('Country iso code must be a two-letter code');
	return value.toUpperCase();
}

export const countryActions: Record<string, ActionHandler> = {
	/** Learners per country, in the order countries first appear; one element when filtered. */
	learnersAmountFromCountries({ state, options }) {
		const filter = options.text('country_iso_code');
		const only = filter === undefined ? undefined : isoCode(filter);
		const counts = new Map<string, { country_iso_code: string; country: string | null; amount: number }>();
		if (only) counts.set(only, { country_iso_code: only, country: COUNTRY_NAMES[only] ?? null, amount: 0 });
		for (const learner of activeLearners(state)) {
			if (only && learner.country_iso_code !== only) continue;
			const entry = counts.get(learner.country_iso_code) ?? {
				country_iso_code: learner.country_iso_code,
				country: learner.country,
				amount: 0,
			};
			entry.country = learner.country;
			entry.amount += 1;
			counts.set(learner.country_iso_code, entry);
		}
		return [...counts.values()];
	},

	learnersFromCountry({ state, options }) {
		const code = isoCode(options.required('country_iso_code', 'Country iso code'));
		const learners = activeLearners(state).filter((learner) => learner.country_iso_code === code);
		return {
			country_iso_code: code,
			country: learners[0]?.country ?? COUNTRY_NAMES[code] ?? null,
			amount: learners.length,
			learners: learners.map(learnerView),
		};
	},
};
