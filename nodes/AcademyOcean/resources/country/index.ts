import { resourceProperties } from '../../transport/operation';
import { getLearnerCountsByCountry } from './getLearnerCounts';

export const countryOperations = [getLearnerCountsByCountry];

export const countryDescription = resourceProperties('country', countryOperations, getLearnerCountsByCountry.value);
