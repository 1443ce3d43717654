export { API_PATH, FakeAcademyOcean, TOKEN_PATH } from './academyOcean/server.ts';
export type { FakeAcademyOceanOptions, ParsedCall } from './academyOcean/server.ts';
export { demoAcademy, largeAcademy } from './academyOcean/state.ts';
export type { AcademyState } from './academyOcean/state.ts';
