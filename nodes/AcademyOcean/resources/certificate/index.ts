import { resourceProperties } from '../../transport/operation';
import { getManyCertificates } from './getMany';

export const certificateOperations = [getManyCertificates];

export const certificateDescription = resourceProperties('certificate', certificateOperations, getManyCertificates.value);
