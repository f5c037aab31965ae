"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EnvBoolean = EnvBoolean;
exports.EnvList = EnvList;
const class_transformer_1 = require("class-transformer");
/** Env booleans: "true"/"1"/"yes" are true, "false"/"0"/"no" false; anything else stays a string and fails @IsBoolean. */
function EnvBoolean() {
    return (0, class_transformer_1.Transform)(({ value }) => {
        if (typeof value === 'boolean')
            return value;
        const s = String(value).trim().toLowerCase();
        if (['true', '1', 'yes', 'on'].includes(s))
            return true;
        if (['false', '0', 'no', 'off'].includes(s))
            return false;
        return value;
    });
}
/** Comma-separated env lists → string[] (empty items dropped). */
function EnvList() {
    return (0, class_transformer_1.Transform)(({ value }) => Array.isArray(value)
        ? value
        : String(value ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean));
}
//# sourceMappingURL=transforms.js.map