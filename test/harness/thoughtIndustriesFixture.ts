import { randomUUID } from 'node:crypto';

import { FakeThoughtIndustries } from '../fakes/thoughtIndustries.ts';
import type { ThoughtIndustriesState } from '../fakes/thoughtIndustries.ts';

// Made up per run: tests prove the key never leaks into outputs, whatever it is.
export const TI_API_KEY = `ti-${randomUUID()}`;
export const COURSE_ID = '123e4567-e89b-12d3-a456-426614174000';
export const COURSE_SKU = 'SKU-ONBOARDING-101';
export const LEARNER_ID = '9f1c2d3e-4b5a-6789-abcd-ef0123456789';
export const LEARNER_EMAIL = 'ada@example.com';
export const LEARNING_PATH_ID = '223e4567-e89b-12d3-a456-426614174000';

/** A Thought Industries instance with one course, one learner and one learning path. */
export function demoThoughtIndustriesState(overrides: Partial<ThoughtIndustriesState> = {}): ThoughtIndustriesState {
	return {
		apiKey: TI_API_KEY,
		courses: [{ id: COURSE_ID, sku: COURSE_SKU }],
		users: [{ id: LEARNER_ID, email: LEARNER_EMAIL }],
		learningPaths: [LEARNING_PATH_ID],
		...overrides,
	};
}

export async function startFakeThoughtIndustries(
	overrides: Partial<ThoughtIndustriesState> = {},
): Promise<FakeThoughtIndustries> {
	return await new FakeThoughtIndustries(demoThoughtIndustriesState(overrides)).start();
}
