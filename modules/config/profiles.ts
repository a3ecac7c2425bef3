/** The profiles an environment starts from; each concern's settings give a default per profile. */
export const PROFILES = ["dev", "staging", "prod"] as const;
export type Profile = (typeof PROFILES)[number];

/** The environments a context without `environments` gets. */
export const DEFAULT_ENVIRONMENTS: readonly Profile[] = PROFILES;

/** One default per profile. */
export type PerProfile<T> = Record<Profile, T>;
