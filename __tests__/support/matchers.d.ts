// Brings cdktf's jest matcher declarations (registered at runtime by setup.js) into type-checking.
import "cdktf/lib/testing/adapters/jest";
