export { API_PATH, FakeAcademyOcean, TOKEN_PATH } from './academyOcean/server.ts';
export type { FakeAcademyOceanOptions, ParsedCall } from './academyOcean/server.ts';
export { ACTION_NAMES } from './academyOcean/actions/index.ts';
export type { ActionName } from './academyOcean/actions/index.ts';
export { ADVANCED_COURSE_ID, DEMO_ACADEMY_ID, ONBOARDING_COURSE_ID, demoAcademy, largeAcademy } from './academyOcean/seed.ts';
export { emptyAcademy, learner } from './academyOcean/state.ts';
export type { AcademyState, CourseRecord, InviteRecord, LearnerRecord, QuizRecord, TeamRecord } from './academyOcean/state.ts';
export { apiError, dropped, serverError, slow, throttled } from './academyOcean/faults.ts';
export type { AcademyOceanLeniencies } from './academyOcean/leniencies.ts';
