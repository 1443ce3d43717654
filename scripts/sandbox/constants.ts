// Fixed sandbox values: the owner's profile and the ids that tie the fakes together.
// The secrets (owner password, API keys, webhook secret) are made up per sandbox: see secrets.ts.

export const OWNER_PROFILE = { email: 'sandbox@example.com', firstName: 'Sandbox', lastName: 'Owner' };
export const ACADEMY_OCEAN_CLIENT_ID = 'sandbox-client';
export const CANVAS_KID = 'sandbox-canvas-1';
/** The Canvas host the sandbox's demo Live Events come from (the Canvas example's Allowed Canvas Hosts). */
export const CANVAS_DEMO_HOST = 'sandbox.instructure.com';

/** AcademyOcean demo academy ids (from the fake's demo academy) and what the sandbox adds. */
export const ONBOARDING_COURSE_ID = 'NVpz0PmrkjrkOQW9d1Kx';
export const NEW_LEARNERS_TEAM_ID = 'team-new-learners';
export const DEMO_LEARNER_EMAIL = 'ada@example.com';

/** Thought Industries: the course whose SKU is the AcademyOcean course id, and the Canvas mapping. */
export const TI_COURSE = { id: '5c0e7a4e-7f1d-4c51-9a0e-0d1c2b3a4f50', sku: ONBOARDING_COURSE_ID };
export const TI_USERS = [
	{ id: '0f8a1c2d-3e4b-4a5c-9d6e-7f8091a2b3c4', email: DEMO_LEARNER_EMAIL },
	{ id: 'c2a9e7d4-1b3f-4e5a-8c6d-9e0f1a2b3c4d', email: 'inewton@example.com' },
];
export const TI_LEARNING_PATH_ID = '8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b1c0';
/** The Canvas user whose SIS ID is their Thought Industries user id, and the course whose SIS ID is the path. */
export const CANVAS_USER_SIS_ID = TI_USERS[1].id;
export const CANVAS_COURSE_SIS_ID = TI_LEARNING_PATH_ID;

/** Default loopback ports of `npm start` (override with N8N_LP_PORT and N8N_LP_FAKES_PORT). */
export const DEFAULT_N8N_PORT = 5678;
export const DEFAULT_FAKES_PORT = 5690;
