import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { InitialRevision } from "../../modules/delivery/revision";
import { synthModule } from "../support/synth";

const BUNDLE = join(__dirname, "..", "..", "hooks-bundle");

function revisionObject(bundleDirectory: string) {
  return synthModule((scope) => new InitialRevision(scope, "revision", { bundleDirectory, bucketName: "shop-dev-artifacts" })).resource("aws_s3_object");
}

describe("InitialRevision", () => {
  test("uploads the zipped bundle to the artifact bucket, tracking the asset's hash", () => {
    const object = revisionObject(BUNDLE);
    expect(object).toMatchObject({ bucket: "shop-dev-artifacts", key: "revisions/initial.zip", content_type: "application/zip" });
    expect(object.source).toMatch(/^assets\/revision_bundle\w*\/[0-9A-F]{32}\/archive\.zip$/);
    expect(object.source_hash).toMatch(/^[0-9A-F]{32}$/);
    expect(object.source).toContain(object.source_hash);
  });

  test("the object's hash changes when a hook script changes, and only then", () => {
    const copy = mkdtempSync(join(tmpdir(), "bundle-"));
    cpSync(BUNDLE, copy, { recursive: true });
    const before = revisionObject(copy).source_hash;
    expect(revisionObject(copy).source_hash).toBe(before);
    const hook = join(copy, "scripts", "validate_service.sh");
    writeFileSync(hook, readFileSync(hook, "utf8").replace("VALIDATE", "VALIDATE "));
    expect(revisionObject(copy).source_hash).not.toBe(before);
  });
});
