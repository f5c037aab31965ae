"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
__exportStar(require("./soap-handler"), exports);
__exportStar(require("./xml/xml-element"), exports);
__exportStar(require("./xml/parse-xml"), exports);
__exportStar(require("./xml/xml-escape"), exports);
__exportStar(require("./xml/serialize-xml"), exports);
__exportStar(require("./soap.constants"), exports);
__exportStar(require("./soap-fault"), exports);
__exportStar(require("./soap.config"), exports);
__exportStar(require("./http/content-type.util"), exports);
__exportStar(require("./http/charset.util"), exports);
__exportStar(require("./mtom/mtom-parser"), exports);
__exportStar(require("./mtom/mtom-builder"), exports);
__exportStar(require("./envelope/soap-envelope"), exports);
__exportStar(require("./envelope/envelope-builder"), exports);
__exportStar(require("./routing/ihe-transaction.decorator"), exports);
__exportStar(require("./routing/ihe-dispatcher.service"), exports);
__exportStar(require("./edge/soap-edge.service"), exports);
__exportStar(require("./edge/reply-to.sender"), exports);
__exportStar(require("./wsdl/wsdl.builder"), exports);
__exportStar(require("./soap.module"), exports);
//# sourceMappingURL=index.js.map