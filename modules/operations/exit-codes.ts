/**
 * Exit codes of the operations commands (`npm run deploy|status|history|stop|rollback|continue`),
 * stable so that a CI job can branch on them. Documented in the README ("Operating a release").
 */
export const EXIT = {
  /** The deployment succeeded, or the command did what it was asked. */
  OK: 0,
  /** The deployment ended Failed or Stopped (rolled back or not). */
  DEPLOYMENT_FAILED: 1,
  /** Bad arguments, an unknown stack, or an invalid configuration: nothing was sent to AWS. */
  USAGE: 2,
  /** AWS refused the call or could not be reached (credentials, region, permissions, throttling). */
  AWS_ERROR: 3,
  /** Nothing to act on: no deployment at all, none running (stop), none waiting (continue), no earlier revision (rollback), no build (deploy). */
  NOTHING_TO_ACT_ON: 4,
  /** Still running: `status` of a running deployment, or `--timeout` reached while watching one. */
  IN_PROGRESS: 5,
  /** Waiting for the traffic switch (status Ready, READY_WAIT): `npm run continue -- <stack>` moves traffic. */
  WAITING_FOR_TRAFFIC_SWITCH: 6,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
