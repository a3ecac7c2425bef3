import { ConfigError, resolveConfig } from "../../modules/config";

/** The problems a context produces, or [] when it is valid. */
export function problemsOf(context: Record<string, unknown>): string[] {
  try {
    resolveConfig(context);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
