"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.CcdaCcdRenderer = void 0;
const common_1 = require("@nestjs/common");
const ccda_1 = require("../../../ccda/src/index.js");
const ihe_config_1 = require("../ihe.config");
const ccd_renderer_1 = require("./ccd-renderer");
const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
function practiceName(bundle, ods) {
    for (const e of bundle.entry ?? []) {
        const r = e.resource;
        if (r?.resourceType !== 'Organization')
            continue;
        if (r.identifier?.some((i) => i.system === ODS_SYSTEM && i.value?.trim().toUpperCase() === ods.toUpperCase()))
            return r.name?.trim() || undefined;
    }
    return undefined;
}
function titleOf(xml) {
    // The CDA title precedes the body; its text is escaped XML, unescaped here for the metadata.
    const m = /<title>([^<]*)<\/title>/.exec(xml.slice(0, 20_000));
    return m?.[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').trim() || undefined;
}
/** The converter from @gw/ccda with the gateway's organisation as custodian. */
let CcdaCcdRenderer = class CcdaCcdRenderer extends ccd_renderer_1.CcdRenderer {
    ihe;
    constructor(ihe) {
        super();
        this.ihe = ihe;
    }
    render(bundle, req) {
        const { xml, report } = (0, ccda_1.convertBundleToCcd)(bundle, {
            documentId: { root: req.uniqueId },
            effectiveTime: req.effectiveTime,
            custodian: { name: this.ihe.GATEWAY_ORGANIZATION_NAME, root: (0, ihe_config_1.oidOf)(this.ihe.HOME_COMMUNITY_ID) },
            warnings: req.warnings,
        });
        const name = practiceName(bundle, req.practiceOdsCode);
        return {
            xml,
            title: titleOf(xml) ?? `GP record summary (${req.practiceOdsCode})`,
            practiceName: name,
            notices: [...new Set(report.sections.flatMap((s) => s.notices))],
            summary: { mapped: report.mapped, narrativeOnly: report.narrativeOnly, issues: report.issues.length },
        };
    }
};
exports.CcdaCcdRenderer = CcdaCcdRenderer;
exports.CcdaCcdRenderer = CcdaCcdRenderer = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [ihe_config_1.IheConfig])
], CcdaCcdRenderer);
//# sourceMappingURL=ccda-ccd.renderer.js.map