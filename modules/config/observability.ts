import { z } from "zod";
import { positiveNumber, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { ObservabilitySettings } from "../observability";

export const OBSERVABILITY_DEFAULTS: PerProfile<ObservabilitySettings> = {
  dev: { alarmTarget5xxCount: 20, alarmResponseTimeP99Seconds: 2 },
  staging: { alarmTarget5xxCount: 10, alarmResponseTimeP99Seconds: 2 },
  prod: { alarmTarget5xxCount: 5, alarmResponseTimeP99Seconds: 2 },
};

export const observabilitySettingsShape = {
  alarmEmail: z.email({ error: "must be an email address" }).optional(),
  alarmTarget5xxCount: wholeNumber(1, 100000).optional(),
  alarmResponseTimeP99Seconds: positiveNumber(60).optional(),
};
