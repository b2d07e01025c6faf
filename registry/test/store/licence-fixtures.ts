// Realistic records for the store tests. Check characters are not computed: the store does not validate them.
import { createHash } from "node:crypto";
import type { ApiKeyRecord, Role } from "../../src/domain/api-key.js";
import type { AuditEventInput } from "../../src/domain/audit-event.js";
import type {
  Holder,
  IssuingDepartment,
  LicenceRecord,
  LicenceTransition,
} from "../../src/domain/licence.js";
import type { LicenceStateCode, OperationCode } from "../../src/domain/states.js";
import type { SealUsage } from "../../src/store/store.js";

/** 道路运输经营许可证 and 食品经营许可证 style type codes: the defining authority's USCC + 3 digits. */
export const TYPE_TRANSPORT = "11100000000013338W032";
export const TYPE_FOOD = "11100000MB0143028R017";

export const ISSUER_CITY: IssuingDepartment = {
  name: "杭州市西湖区市场监督管理局",
  code: "11220000013544541J",
};
export const ISSUER_COUNTY: IssuingDepartment = { name: "淳安县交通运输局", code: "113301270025638924" };

export const CITIZEN_WANG: Holder = { name: "王晓明", code: "33010619850715321X", codeType: "111" };
export const CITIZEN_LI: Holder = {
  name: "李秀英",
  code: "110105194912310025",
  codeType: "111",
  originalCode: "110105491231002",
};
export const COMPANY: Holder = { name: "杭州西溪食品有限公司", code: "91330106MA2H3K4L5X", codeType: "001" };

export interface LicenceSpec {
  serial: string;
  version?: number;
  typeCode?: string;
  issuer?: IssuingDepartment;
  holder?: Holder;
  state?: LicenceStateCode;
  validUntil?: string | null;
  createdAt?: string;
  previousIdentifier?: string | null;
  revision?: number;
}

export function licenceIdentifier(
  typeCode: string,
  issuerCode: string,
  serial: string,
  version: number,
): string {
  return `1.2.156.3005.2.${typeCode}.${issuerCode}.${serial}.${String(version).padStart(3, "0")}.F`;
}

export function makeLicence(spec: LicenceSpec): LicenceRecord {
  const typeCode = spec.typeCode ?? TYPE_TRANSPORT;
  const issuer = spec.issuer ?? ISSUER_CITY;
  const version = spec.version ?? 1;
  const identifier = licenceIdentifier(typeCode, issuer.code, spec.serial, version);
  const createdAt = spec.createdAt ?? "2025-03-02T08:30:00.000Z";
  return {
    identifier,
    lineage: `${typeCode}.${issuer.code}.${spec.serial}`,
    typeCode,
    serial: spec.serial,
    version,
    holder: spec.holder ?? CITIZEN_WANG,
    issuer,
    issuedOn: createdAt.slice(0, 10),
    validFrom: createdAt.slice(0, 10),
    validUntil: spec.validUntil === undefined ? "2030-03-01" : spec.validUntil,
    state: spec.state ?? "01",
    lastOperation: version === 1 ? "01" : "09",
    previousIdentifier: spec.previousIdentifier ?? null,
    nextIdentifier: null,
    fields: { vehiclePlate: "浙A·D2736", businessScope: ["道路普通货物运输"], seats: 5 },
    provenance: spec.serial.startsWith("P")
      ? {
          kind: "paper",
          paperNumber: `浙交运 ${spec.serial}`,
          operator: "cli:zhang",
          convertedOn: "2025-01-15",
        }
      : { kind: "born-digital" },
    documentSha256: null,
    publicToken: createHash("sha256").update(identifier).digest("base64url").slice(0, 22),
    createdAt,
    updatedAt: createdAt,
    revision: spec.revision ?? 1,
  };
}

export function auditInput(
  action: string,
  target: string,
  holderCode: string | null,
  at = "2025-03-02T08:30:00.000Z",
  extra: Partial<AuditEventInput> = {},
): AuditEventInput {
  return {
    actor: "k7Hq2mZp",
    role: "issuer",
    department: ISSUER_CITY.code,
    action,
    target,
    holderCode,
    purpose: null,
    at,
    ...extra,
  };
}

export function transition(
  record: LicenceRecord,
  operation: OperationCode,
  fromState: LicenceStateCode | null,
  toState: LicenceStateCode,
  at: string,
  reason = "依申请办理",
): LicenceTransition {
  return { identifier: record.identifier, operation, fromState, toState, actor: "k7Hq2mZp", at, reason };
}

export function apiKey(
  id: string,
  role: Role,
  createdAt: string,
  department: string | null = null,
): ApiKeyRecord {
  return {
    id,
    hash: createHash("sha256").update(`ek_${id}_secret`).digest("hex"),
    role,
    department,
    label: `${role} key for tests`,
    createdAt,
    revokedAt: null,
  };
}

/** Two e-seal certificates of ISSUER_CITY and one of ISSUER_COUNTY. */
export const SEAL_CITY_A = { sealSerial: "4f1a09c3e2", department: ISSUER_CITY.code };
export const SEAL_CITY_B = { sealSerial: "4f1a09c3e3", department: ISSUER_CITY.code };
export const SEAL_COUNTY = { sealSerial: "0b77d2a410", department: ISSUER_COUNTY.code };

export function sealUsage(
  seal: { sealSerial: string; department: string },
  record: LicenceRecord,
  at: string,
  level = "B-LT",
): SealUsage {
  return {
    sealSerial: seal.sealSerial,
    sealCertificateSha256: createHash("sha256").update(`seal-cert-${seal.sealSerial}`).digest("hex"),
    department: seal.department,
    identifier: record.identifier,
    documentSha256: createHash("sha256").update(`${record.identifier}@${at}`).digest("hex"),
    level,
    at,
  };
}
