/* eslint-disable security/detect-non-literal-fs-filename -- the partner file path is the operator's XUA_PARTNERS_FILE setting */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { XuaTrustStore } from '../signing-key';
import { loadCertificateEntry, splitPem } from '../trusted-certificates';
import { XuaConfig } from '../xua.config';
import { normaliseFingerprint, summaryOf, type Partner, type PartnerSummary } from './partner';
import { PartnerProfilesFile, type PartnerProfileEntry } from './partner-profile';

function describeErrors(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const at = `${path}${path ? '.' : ''}${e.property}`;
    return [...Object.values(e.constraints ?? {}).map((m) => `${at}: ${m}`), ...describeErrors(e.children ?? [], at)];
  });
}

/** Reads and checks the partner file; throws with every problem found. Pure: no state is changed. */
export function readPartnerFile(path: string, cfg: XuaConfig): Partner[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`XUA_PARTNERS_FILE ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const file = plainToInstance(PartnerProfilesFile, raw);
  const errors = validateSync(file, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new Error(`XUA_PARTNERS_FILE ${path} is not valid:\n  - ${describeErrors(errors).join('\n  - ')}`);
  const partners = file.partners.map((entry) => toPartner(entry, cfg));
  const seen = new Map<string, string>();
  for (const p of partners) {
    for (const key of [
      `id ${p.id}`,
      ...[...p.clientCertificates].map((f) => `client certificate ${f}`),
      ...[...p.samlIssuers].map((i) => `SAML issuer ${i}`),
    ]) {
      const other = seen.get(key);
      if (other) throw new Error(`XUA_PARTNERS_FILE ${path}: ${key} is claimed by both ${other} and ${p.id}`);
      seen.set(key, p.id);
    }
    if ([...p.clientCertificates].some((f) => f.length !== 64))
      throw new Error(
        `XUA_PARTNERS_FILE ${path}: partner ${p.id} has a client certificate fingerprint that is not SHA-256 (64 hex digits)`,
      );
    if (!p.clientCertificates.size && !p.samlIssuers.size)
      throw new Error(`XUA_PARTNERS_FILE ${path}: partner ${p.id} has no match rule (clientCertificateSha256 or samlIssuers)`);
  }
  return partners;
}

function toPartner(e: PartnerProfileEntry, cfg: XuaConfig): Partner {
  const pems = e.trustedCertificates.flatMap((entry) => splitPem(loadCertificateEntry(entry, `XUA_PARTNERS_FILE partner ${e.id}`)));
  const certificates = pems.flatMap((pem) => {
    try {
      const c = new X509Certificate(pem);
      return [{ subject: c.subject.replace(/\n/g, ', '), sha256: normaliseFingerprint(c.fingerprint256) }];
    } catch {
      return [];
    }
  });
  const policy: XuaConfig = Object.assign(Object.create(Object.getPrototypeOf(cfg) as object) as XuaConfig, cfg, {
    XUA_CLOCK_SKEW_S: e.clockSkewSeconds ?? cfg.XUA_CLOCK_SKEW_S,
    XUA_ALLOWED_PURPOSES_OF_USE: e.purposesOfUse ?? cfg.XUA_ALLOWED_PURPOSES_OF_USE,
    XUA_REQUIRED_ATTRIBUTES: e.requiredAttributes ?? cfg.XUA_REQUIRED_ATTRIBUTES,
  });
  return {
    id: e.id,
    name: e.name,
    clientCertificates: new Set((e.match.clientCertificateSha256 ?? []).map(normaliseFingerprint)),
    samlIssuers: new Set(e.match.samlIssuers ?? []),
    trust: new XuaTrustStore(pems),
    homeCommunityIds: e.homeCommunityIds ? new Set(e.homeCommunityIds) : undefined,
    replyTo: e.replyTo ?? [],
    policy,
    acceptPurposeForUse: e.quirks?.epicPurposeForUse ?? true,
    certificates,
  };
}

/**
 * The gateway's partners (XUA_PARTNERS_FILE): read and checked at boot (an invalid file stops the
 * boot), read again on SIGHUP (an invalid file is logged and the partners in force stay). Without the
 * setting there are no partner profiles and the global XUA_* trust applies to every caller.
 */
@Injectable()
export class PartnerDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('XuaPartners');
  private partners: Partner[] = [];
  private loaded = 0;
  private readonly onHangup = () => this.reload();

  constructor(private readonly cfg: XuaConfig) {
    if (cfg.XUA_PARTNERS_FILE) this.partners = readPartnerFile(cfg.XUA_PARTNERS_FILE, cfg);
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.logger.log(
      `${this.partners.length} partner profile(s): ${this.partners.map((p) => p.id).join(', ')}; SIGHUP reloads ${this.cfg.XUA_PARTNERS_FILE}`,
    );
    process.on('SIGHUP', this.onHangup);
  }

  onModuleDestroy(): void {
    process.off('SIGHUP', this.onHangup);
  }

  /** Changes at every successful reload, so what was verified under the previous profiles is not reused. */
  get generation(): number {
    return this.loaded;
  }

  get enabled(): boolean {
    return !!this.cfg.XUA_PARTNERS_FILE;
  }

  /** Reads the file again; on any problem the partners in force stay and the problem is returned. */
  reload(): { ok: true; partners: number } | { ok: false; error: string } {
    if (!this.cfg.XUA_PARTNERS_FILE) return { ok: false, error: 'XUA_PARTNERS_FILE is not set' };
    try {
      this.partners = readPartnerFile(this.cfg.XUA_PARTNERS_FILE, this.cfg);
      this.loaded++;
      this.logger.log(`Partner profiles reloaded: ${this.partners.map((p) => p.id).join(', ')}`);
      return { ok: true, partners: this.partners.length };
    } catch (e) {
      this.logger.error(`Partner profiles not reloaded, the previous ones stay: ${(e as Error).message}`);
      return { ok: false, error: (e as Error).message };
    }
  }

  /**
   * The partner a request comes from: by its mTLS client certificate when one is passed and known,
   * else by the (not yet verified) Issuer of its assertion. The verifier then checks the assertion
   * with that partner's trust only, and that the signed Issuer is the one matched on.
   */
  match(
    clientCertificate: X509Certificate | undefined,
    issuer: string | undefined,
  ): { partner: Partner; by: 'certificate' | 'issuer' } | undefined {
    if (clientCertificate) {
      const fp = normaliseFingerprint(clientCertificate.fingerprint256);
      const partner = this.partners.find((p) => p.clientCertificates.has(fp));
      if (partner) return { partner, by: 'certificate' };
    }
    const partner = issuer ? this.partners.find((p) => p.samlIssuers.has(issuer)) : undefined;
    return partner ? { partner, by: 'issuer' } : undefined;
  }

  byId(id: string): Partner | undefined {
    return this.partners.find((p) => p.id === id);
  }

  list(): PartnerSummary[] {
    return this.partners.map(summaryOf);
  }
}
