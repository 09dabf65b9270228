// @ts-nocheck
// Generated from schema/rules.schema.json by build/schema-validators.ts (npm run generate): do not edit.
import type { ValidateFunction } from 'ajv';
import runtime0 from 'ajv/dist/runtime/ucs2length.js';
import runtime1 from 'ajv/dist/runtime/equal.js';
// The SHA-256 of the schema's text this was generated from (src/schema-validator.ts).
export const schemaSha256 = '5e158fc941160b84e75a2c765c1f6eafb750aa11aebaaf40d7eaecf311745896';
export const validate: ValidateFunction = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://aml-preflight.dev/schema/rules.schema.json","title":"aml-preflight rule set","type":"object","additionalProperties":false,"required":["ruleSet","title","requirements"],"properties":{"ruleSet":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,40}$"},"title":{"type":"string","minLength":1},"default":{"type":"boolean"},"requirements":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/requirement"}}},"definitions":{"headerProof":{"description":"A header name, or \"name: text its value contains\".","type":"string","pattern":"^[a-z0-9-]+(: *[ -~]+)?$"},"template":{"type":"string","pattern":"^[A-Za-z0-9.*{}-]+$","maxLength":253},"requirement":{"type":"object","additionalProperties":false,"required":["id","phase","title","probes","severity","remediation","source"],"properties":{"id":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,60}$"},"phase":{"enum":["router-deploy","router-start","router-run","arc-connect","extension-install","extension-run","training","model-deploy","model-serve"]},"title":{"type":"string","minLength":1},"why":{"type":"string"},"host":{"$ref":"#/definitions/template"},"each":{"enum":["acr","storageAccount"]},"port":{"type":"integer","minimum":1,"maximum":65535},"vantage":{"enum":["any","cluster"]},"probes":{"type":"array","minItems":1,"uniqueItems":true,"items":{"enum":["dns","tcp","tls","http","k8s","compliance"]}},"http":{"type":"object","additionalProperties":false,"required":["path"],"properties":{"path":{"type":"string","pattern":"^/[A-Za-z0-9._~/-]*$"},"expectStatus":{"type":"array","items":{"type":"integer","minimum":100,"maximum":599}},"expectHeader":{"$ref":"#/definitions/headerProof"},"anyOf":{"description":"The real service's answer matches at least one of these signatures; every field a signature gives must hold.","type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"minProperties":1,"properties":{"status":{"type":"array","minItems":1,"items":{"type":"integer","minimum":100,"maximum":599}},"headers":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/headerProof"}},"json":{"type":"object","minProperties":1,"propertyNames":{"pattern":"^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$"},"additionalProperties":{"anyOf":[{"type":"string"},{"type":"number"},{"type":"boolean"}]}}}}}}},"privateLinkZone":{"$ref":"#/definitions/template"},"when":{"type":"object","additionalProperties":false,"properties":{"auth":{"type":"array","items":{"enum":["key","token","none"]}},"customDomain":{"type":"boolean"},"networkPlugin":{"type":"array","items":{"enum":["kubenet","azure"]}}}},"dependsOn":{"type":"array","items":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,60}$"}},"severity":{"enum":["fail","warn"]},"remediation":{"type":"string","minLength":1},"firewall":{"type":"object","additionalProperties":false,"required":["kind","protocol","port"],"properties":{"kind":{"enum":["application","network"]},"protocol":{"enum":["https","http","tcp","udp"]},"port":{"type":"integer","minimum":1,"maximum":65535},"fqdns":{"type":"array","items":{"$ref":"#/definitions/template"}},"serviceTag":{"type":"string","pattern":"^[A-Za-z][A-Za-z0-9.{}]*$"},"fqdnTag":{"type":"string","pattern":"^[A-Za-z][A-Za-z0-9]*$"}}},"source":{"type":"string","minLength":1},"k8s":{"description":"What a k8s requirement runs in the cluster: a named in-cluster check (src/cluster/checks/).","type":"object","additionalProperties":false,"required":["check"],"properties":{"check":{"enum":["router-peer-discovery","router-peer-connect","router-model-discovery","model-pods","ext-healthcheck","ext-azureml-api-server","ext-azureml-kube-dns","ext-azureml-konnectivity","ext-model-identity-proxy"]}}},"compliance":{"description":"What a compliance requirement evaluates over the cluster's objects: a named rule function and its options.","type":"object","additionalProperties":false,"required":["rule","code"],"properties":{"rule":{"enum":["no-hpa-on-models","daemonset-present","accelerators-on-first-pool","devtest-without-autoscale","token-auth-same-region","model-auth-enabled","max-replicas-cover-load","fe-upgrade-annotation","compute-namespace","stack-difference"]},"code":{"type":"string","pattern":"^[A-Z][A-Z0-9_]*$"},"compare":{"type":"object","additionalProperties":false,"required":["from","to"],"properties":{"from":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,40}$"},"to":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,40}$"},"keep":{"type":"array","items":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,60}$"}}}},"match":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"required":["namespace","name"],"properties":{"namespace":{"type":"string","pattern":"^[a-z0-9*-]{1,63}$"},"name":{"type":"string","pattern":"^[a-z0-9.*-]{1,253}$"}}}},"resources":{"type":"array","minItems":1,"items":{"type":"string","pattern":"^[A-Za-z0-9./*-]{1,253}$"}}}}},"allOf":[{"if":{"properties":{"vantage":{"const":"cluster"}},"required":["vantage"]},"else":{"required":["host"]}},{"if":{"properties":{"probes":{"type":"array","contains":{"const":"http"}}}},"then":{"required":["http"]}},{"if":{"properties":{"probes":{"type":"array","contains":{"const":"compliance"}}}},"then":{"required":["compliance","vantage"],"properties":{"vantage":{"const":"cluster"}}}}]}}};
const pattern0 = new RegExp("^[a-z][a-z0-9-]{0,40}$", "u");
const func2 = runtime0.default;
const schema12 = {"type":"object","additionalProperties":false,"required":["id","phase","title","probes","severity","remediation","source"],"properties":{"id":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,60}$"},"phase":{"enum":["router-deploy","router-start","router-run","arc-connect","extension-install","extension-run","training","model-deploy","model-serve"]},"title":{"type":"string","minLength":1},"why":{"type":"string"},"host":{"$ref":"#/definitions/template"},"each":{"enum":["acr","storageAccount"]},"port":{"type":"integer","minimum":1,"maximum":65535},"vantage":{"enum":["any","cluster"]},"probes":{"type":"array","minItems":1,"uniqueItems":true,"items":{"enum":["dns","tcp","tls","http","k8s","compliance"]}},"http":{"type":"object","additionalProperties":false,"required":["path"],"properties":{"path":{"type":"string","pattern":"^/[A-Za-z0-9._~/-]*$"},"expectStatus":{"type":"array","items":{"type":"integer","minimum":100,"maximum":599}},"expectHeader":{"$ref":"#/definitions/headerProof"},"anyOf":{"description":"The real service's answer matches at least one of these signatures; every field a signature gives must hold.","type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"minProperties":1,"properties":{"status":{"type":"array","minItems":1,"items":{"type":"integer","minimum":100,"maximum":599}},"headers":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/headerProof"}},"json":{"type":"object","minProperties":1,"propertyNames":{"pattern":"^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$"},"additionalProperties":{"anyOf":[{"type":"string"},{"type":"number"},{"type":"boolean"}]}}}}}}},"privateLinkZone":{"$ref":"#/definitions/template"},"when":{"type":"object","additionalProperties":false,"properties":{"auth":{"type":"array","items":{"enum":["key","token","none"]}},"customDomain":{"type":"boolean"},"networkPlugin":{"type":"array","items":{"enum":["kubenet","azure"]}}}},"dependsOn":{"type":"array","items":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,60}$"}},"severity":{"enum":["fail","warn"]},"remediation":{"type":"string","minLength":1},"firewall":{"type":"object","additionalProperties":false,"required":["kind","protocol","port"],"properties":{"kind":{"enum":["application","network"]},"protocol":{"enum":["https","http","tcp","udp"]},"port":{"type":"integer","minimum":1,"maximum":65535},"fqdns":{"type":"array","items":{"$ref":"#/definitions/template"}},"serviceTag":{"type":"string","pattern":"^[A-Za-z][A-Za-z0-9.{}]*$"},"fqdnTag":{"type":"string","pattern":"^[A-Za-z][A-Za-z0-9]*$"}}},"source":{"type":"string","minLength":1},"k8s":{"description":"What a k8s requirement runs in the cluster: a named in-cluster check (src/cluster/checks/).","type":"object","additionalProperties":false,"required":["check"],"properties":{"check":{"enum":["router-peer-discovery","router-peer-connect","router-model-discovery","model-pods","ext-healthcheck","ext-azureml-api-server","ext-azureml-kube-dns","ext-azureml-konnectivity","ext-model-identity-proxy"]}}},"compliance":{"description":"What a compliance requirement evaluates over the cluster's objects: a named rule function and its options.","type":"object","additionalProperties":false,"required":["rule","code"],"properties":{"rule":{"enum":["no-hpa-on-models","daemonset-present","accelerators-on-first-pool","devtest-without-autoscale","token-auth-same-region","model-auth-enabled","max-replicas-cover-load","fe-upgrade-annotation","compute-namespace","stack-difference"]},"code":{"type":"string","pattern":"^[A-Z][A-Z0-9_]*$"},"compare":{"type":"object","additionalProperties":false,"required":["from","to"],"properties":{"from":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,40}$"},"to":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,40}$"},"keep":{"type":"array","items":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,60}$"}}}},"match":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"required":["namespace","name"],"properties":{"namespace":{"type":"string","pattern":"^[a-z0-9*-]{1,63}$"},"name":{"type":"string","pattern":"^[a-z0-9.*-]{1,253}$"}}}},"resources":{"type":"array","minItems":1,"items":{"type":"string","pattern":"^[A-Za-z0-9./*-]{1,253}$"}}}}},"allOf":[{"if":{"properties":{"vantage":{"const":"cluster"}},"required":["vantage"]},"else":{"required":["host"]}},{"if":{"properties":{"probes":{"type":"array","contains":{"const":"http"}}}},"then":{"required":["http"]}},{"if":{"properties":{"probes":{"type":"array","contains":{"const":"compliance"}}}},"then":{"required":["compliance","vantage"],"properties":{"vantage":{"const":"cluster"}}}}]};
const schema13 = {"type":"string","pattern":"^[A-Za-z0-9.*{}-]+$","maxLength":253};
const schema14 = {"description":"A header name, or \"name: text its value contains\".","type":"string","pattern":"^[a-z0-9-]+(: *[ -~]+)?$"};
const func3 = Object.prototype.hasOwnProperty;
const func0 = runtime1.default;
const pattern1 = new RegExp("^[a-z][a-z0-9-]{0,60}$", "u");
const pattern2 = new RegExp("^[A-Za-z0-9.*{}-]+$", "u");
const pattern3 = new RegExp("^/[A-Za-z0-9._~/-]*$", "u");
const pattern4 = new RegExp("^[a-z0-9-]+(: *[ -~]+)?$", "u");
const pattern6 = new RegExp("^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$", "u");
const pattern10 = new RegExp("^[A-Za-z][A-Za-z0-9.{}]*$", "u");
const pattern11 = new RegExp("^[A-Za-z][A-Za-z0-9]*$", "u");
const pattern12 = new RegExp("^[A-Z][A-Z0-9_]*$", "u");
const pattern16 = new RegExp("^[a-z0-9*-]{1,63}$", "u");
const pattern17 = new RegExp("^[a-z0-9.*-]{1,253}$", "u");
const pattern18 = new RegExp("^[A-Za-z0-9./*-]{1,253}$", "u");

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs2 = errors;
let valid1 = true;
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((data.vantage === undefined) && (missing0 = "vantage")){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
else {
if(data.vantage !== undefined){
if("cluster" !== data.vantage){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
}
}
var _valid0 = _errs3 === errors;
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
if(!_valid0){
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.host === undefined){
const err2 = {instancePath,schemaPath:"#/allOf/0/else/required",keyword:"required",params:{missingProperty: "host"},message:"must have required property '"+"host"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs5 === errors;
valid1 = _valid0;
}
if(!valid1){
const err3 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: "else"},message:"must match \"else\" schema"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs7 = errors;
let valid3 = true;
const _errs8 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.probes !== undefined){
let data1 = data.probes;
const _errs9 = errors;
if(errors === _errs9){
if(Array.isArray(data1)){
const _errs11 = errors;
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
const _errs12 = errors;
if("http" !== data1[i0]){
const err4 = {};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var valid5 = _errs12 === errors;
if(valid5){
break;
}
}
if(!valid5){
const err5 = {};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
else {
errors = _errs11;
if(vErrors !== null){
if(_errs11){
vErrors.length = _errs11;
}
else {
vErrors = null;
}
}
}
}
else {
const err6 = {};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
}
var _valid1 = _errs8 === errors;
errors = _errs7;
if(vErrors !== null){
if(_errs7){
vErrors.length = _errs7;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs13 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.http === undefined){
const err7 = {instancePath,schemaPath:"#/allOf/1/then/required",keyword:"required",params:{missingProperty: "http"},message:"must have required property '"+"http"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
var _valid1 = _errs13 === errors;
valid3 = _valid1;
}
if(!valid3){
const err8 = {instancePath,schemaPath:"#/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
const _errs15 = errors;
let valid6 = true;
const _errs16 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.probes !== undefined){
let data3 = data.probes;
const _errs17 = errors;
if(errors === _errs17){
if(Array.isArray(data3)){
const _errs19 = errors;
const len1 = data3.length;
for(let i1=0; i1<len1; i1++){
const _errs20 = errors;
if("compliance" !== data3[i1]){
const err9 = {};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var valid8 = _errs20 === errors;
if(valid8){
break;
}
}
if(!valid8){
const err10 = {};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
else {
errors = _errs19;
if(vErrors !== null){
if(_errs19){
vErrors.length = _errs19;
}
else {
vErrors = null;
}
}
}
}
else {
const err11 = {};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
}
var _valid2 = _errs16 === errors;
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
if(_valid2){
const _errs21 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.compliance === undefined){
const err12 = {instancePath,schemaPath:"#/allOf/2/then/required",keyword:"required",params:{missingProperty: "compliance"},message:"must have required property '"+"compliance"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data.vantage === undefined){
const err13 = {instancePath,schemaPath:"#/allOf/2/then/required",keyword:"required",params:{missingProperty: "vantage"},message:"must have required property '"+"vantage"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data.vantage !== undefined){
if("cluster" !== data.vantage){
const err14 = {instancePath:instancePath+"/vantage",schemaPath:"#/allOf/2/then/properties/vantage/const",keyword:"const",params:{allowedValue: "cluster"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
var _valid2 = _errs21 === errors;
valid6 = _valid2;
}
if(!valid6){
const err15 = {instancePath,schemaPath:"#/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err16 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data.phase === undefined){
const err17 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "phase"},message:"must have required property '"+"phase"+"'"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data.title === undefined){
const err18 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "title"},message:"must have required property '"+"title"+"'"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data.probes === undefined){
const err19 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "probes"},message:"must have required property '"+"probes"+"'"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data.severity === undefined){
const err20 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "severity"},message:"must have required property '"+"severity"+"'"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data.remediation === undefined){
const err21 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "remediation"},message:"must have required property '"+"remediation"+"'"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data.source === undefined){
const err22 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "source"},message:"must have required property '"+"source"+"'"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
for(const key0 in data){
if(!(func3.call(schema12.properties, key0))){
const err23 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.id !== undefined){
let data6 = data.id;
if(typeof data6 === "string"){
if(!pattern1.test(data6)){
const err24 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,60}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,60}$"+"\""};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.phase !== undefined){
let data7 = data.phase;
if(!(((((((((data7 === "router-deploy") || (data7 === "router-start")) || (data7 === "router-run")) || (data7 === "arc-connect")) || (data7 === "extension-install")) || (data7 === "extension-run")) || (data7 === "training")) || (data7 === "model-deploy")) || (data7 === "model-serve"))){
const err26 = {instancePath:instancePath+"/phase",schemaPath:"#/properties/phase/enum",keyword:"enum",params:{allowedValues: schema12.properties.phase.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.title !== undefined){
let data8 = data.title;
if(typeof data8 === "string"){
if(func2(data8) < 1){
const err27 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.why !== undefined){
if(typeof data.why !== "string"){
const err29 = {instancePath:instancePath+"/why",schemaPath:"#/properties/why/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.host !== undefined){
let data10 = data.host;
if(typeof data10 === "string"){
if(func2(data10) > 253){
const err30 = {instancePath:instancePath+"/host",schemaPath:"#/definitions/template/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(!pattern2.test(data10)){
const err31 = {instancePath:instancePath+"/host",schemaPath:"#/definitions/template/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9.*{}-]+$"},message:"must match pattern \""+"^[A-Za-z0-9.*{}-]+$"+"\""};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/host",schemaPath:"#/definitions/template/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.each !== undefined){
let data11 = data.each;
if(!((data11 === "acr") || (data11 === "storageAccount"))){
const err33 = {instancePath:instancePath+"/each",schemaPath:"#/properties/each/enum",keyword:"enum",params:{allowedValues: schema12.properties.each.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.port !== undefined){
let data12 = data.port;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
const err34 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 > 65535 || isNaN(data12)){
const err35 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data12 < 1 || isNaN(data12)){
const err36 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
if(data.vantage !== undefined){
let data13 = data.vantage;
if(!((data13 === "any") || (data13 === "cluster"))){
const err37 = {instancePath:instancePath+"/vantage",schemaPath:"#/properties/vantage/enum",keyword:"enum",params:{allowedValues: schema12.properties.vantage.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.probes !== undefined){
let data14 = data.probes;
if(Array.isArray(data14)){
if(data14.length < 1){
const err38 = {instancePath:instancePath+"/probes",schemaPath:"#/properties/probes/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
const len2 = data14.length;
for(let i2=0; i2<len2; i2++){
let data15 = data14[i2];
if(!((((((data15 === "dns") || (data15 === "tcp")) || (data15 === "tls")) || (data15 === "http")) || (data15 === "k8s")) || (data15 === "compliance"))){
const err39 = {instancePath:instancePath+"/probes/" + i2,schemaPath:"#/properties/probes/items/enum",keyword:"enum",params:{allowedValues: schema12.properties.probes.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
let i3 = data14.length;
let j0;
if(i3 > 1){
outer0:
for(;i3--;){
for(j0 = i3; j0--;){
if(func0(data14[i3], data14[j0])){
const err40 = {instancePath:instancePath+"/probes",schemaPath:"#/properties/probes/uniqueItems",keyword:"uniqueItems",params:{i: i3, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i3+" are identical)"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err41 = {instancePath:instancePath+"/probes",schemaPath:"#/properties/probes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.http !== undefined){
let data16 = data.http;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
if(data16.path === undefined){
const err42 = {instancePath:instancePath+"/http",schemaPath:"#/properties/http/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
for(const key1 in data16){
if(!((((key1 === "path") || (key1 === "expectStatus")) || (key1 === "expectHeader")) || (key1 === "anyOf"))){
const err43 = {instancePath:instancePath+"/http",schemaPath:"#/properties/http/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data16.path !== undefined){
let data17 = data16.path;
if(typeof data17 === "string"){
if(!pattern3.test(data17)){
const err44 = {instancePath:instancePath+"/http/path",schemaPath:"#/properties/http/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[A-Za-z0-9._~/-]*$"},message:"must match pattern \""+"^/[A-Za-z0-9._~/-]*$"+"\""};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/http/path",schemaPath:"#/properties/http/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data16.expectStatus !== undefined){
let data18 = data16.expectStatus;
if(Array.isArray(data18)){
const len3 = data18.length;
for(let i4=0; i4<len3; i4++){
let data19 = data18[i4];
if(!(((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19))) && (isFinite(data19)))){
const err46 = {instancePath:instancePath+"/http/expectStatus/" + i4,schemaPath:"#/properties/http/properties/expectStatus/items/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 > 599 || isNaN(data19)){
const err47 = {instancePath:instancePath+"/http/expectStatus/" + i4,schemaPath:"#/properties/http/properties/expectStatus/items/maximum",keyword:"maximum",params:{comparison: "<=", limit: 599},message:"must be <= 599"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(data19 < 100 || isNaN(data19)){
const err48 = {instancePath:instancePath+"/http/expectStatus/" + i4,schemaPath:"#/properties/http/properties/expectStatus/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
}
else {
const err49 = {instancePath:instancePath+"/http/expectStatus",schemaPath:"#/properties/http/properties/expectStatus/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data16.expectHeader !== undefined){
let data20 = data16.expectHeader;
if(typeof data20 === "string"){
if(!pattern4.test(data20)){
const err50 = {instancePath:instancePath+"/http/expectHeader",schemaPath:"#/definitions/headerProof/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9-]+(: *[ -~]+)?$"},message:"must match pattern \""+"^[a-z0-9-]+(: *[ -~]+)?$"+"\""};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/http/expectHeader",schemaPath:"#/definitions/headerProof/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data16.anyOf !== undefined){
let data21 = data16.anyOf;
if(Array.isArray(data21)){
if(data21.length < 1){
const err52 = {instancePath:instancePath+"/http/anyOf",schemaPath:"#/properties/http/properties/anyOf/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
const len4 = data21.length;
for(let i5=0; i5<len4; i5++){
let data22 = data21[i5];
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(Object.keys(data22).length < 1){
const err53 = {instancePath:instancePath+"/http/anyOf/" + i5,schemaPath:"#/properties/http/properties/anyOf/items/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
for(const key2 in data22){
if(!(((key2 === "status") || (key2 === "headers")) || (key2 === "json"))){
const err54 = {instancePath:instancePath+"/http/anyOf/" + i5,schemaPath:"#/properties/http/properties/anyOf/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data22.status !== undefined){
let data23 = data22.status;
if(Array.isArray(data23)){
if(data23.length < 1){
const err55 = {instancePath:instancePath+"/http/anyOf/" + i5+"/status",schemaPath:"#/properties/http/properties/anyOf/items/properties/status/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
const len5 = data23.length;
for(let i6=0; i6<len5; i6++){
let data24 = data23[i6];
if(!(((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24))) && (isFinite(data24)))){
const err56 = {instancePath:instancePath+"/http/anyOf/" + i5+"/status/" + i6,schemaPath:"#/properties/http/properties/anyOf/items/properties/status/items/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 > 599 || isNaN(data24)){
const err57 = {instancePath:instancePath+"/http/anyOf/" + i5+"/status/" + i6,schemaPath:"#/properties/http/properties/anyOf/items/properties/status/items/maximum",keyword:"maximum",params:{comparison: "<=", limit: 599},message:"must be <= 599"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if(data24 < 100 || isNaN(data24)){
const err58 = {instancePath:instancePath+"/http/anyOf/" + i5+"/status/" + i6,schemaPath:"#/properties/http/properties/anyOf/items/properties/status/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
}
else {
const err59 = {instancePath:instancePath+"/http/anyOf/" + i5+"/status",schemaPath:"#/properties/http/properties/anyOf/items/properties/status/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data22.headers !== undefined){
let data25 = data22.headers;
if(Array.isArray(data25)){
if(data25.length < 1){
const err60 = {instancePath:instancePath+"/http/anyOf/" + i5+"/headers",schemaPath:"#/properties/http/properties/anyOf/items/properties/headers/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
const len6 = data25.length;
for(let i7=0; i7<len6; i7++){
let data26 = data25[i7];
if(typeof data26 === "string"){
if(!pattern4.test(data26)){
const err61 = {instancePath:instancePath+"/http/anyOf/" + i5+"/headers/" + i7,schemaPath:"#/definitions/headerProof/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9-]+(: *[ -~]+)?$"},message:"must match pattern \""+"^[a-z0-9-]+(: *[ -~]+)?$"+"\""};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
else {
const err62 = {instancePath:instancePath+"/http/anyOf/" + i5+"/headers/" + i7,schemaPath:"#/definitions/headerProof/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
else {
const err63 = {instancePath:instancePath+"/http/anyOf/" + i5+"/headers",schemaPath:"#/properties/http/properties/anyOf/items/properties/headers/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data22.json !== undefined){
let data27 = data22.json;
if(data27 && typeof data27 == "object" && !Array.isArray(data27)){
if(Object.keys(data27).length < 1){
const err64 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json",schemaPath:"#/properties/http/properties/anyOf/items/properties/json/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
for(const key3 in data27){
const _errs69 = errors;
if(typeof key3 === "string"){
if(!pattern6.test(key3)){
const err65 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json",schemaPath:"#/properties/http/properties/anyOf/items/properties/json/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$"},message:"must match pattern \""+"^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$"+"\"",propertyName:key3};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
var valid27 = _errs69 === errors;
if(!valid27){
const err66 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json",schemaPath:"#/properties/http/properties/anyOf/items/properties/json/propertyNames",keyword:"propertyNames",params:{propertyName: key3},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
for(const key4 in data27){
let data28 = data27[key4];
const _errs72 = errors;
let valid29 = false;
const _errs73 = errors;
if(typeof data28 !== "string"){
const err67 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/http/properties/anyOf/items/properties/json/additionalProperties/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
var _valid3 = _errs73 === errors;
valid29 = valid29 || _valid3;
if(!valid29){
const _errs75 = errors;
if(!((typeof data28 == "number") && (isFinite(data28)))){
const err68 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/http/properties/anyOf/items/properties/json/additionalProperties/anyOf/1/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
var _valid3 = _errs75 === errors;
valid29 = valid29 || _valid3;
if(!valid29){
const _errs77 = errors;
if(typeof data28 !== "boolean"){
const err69 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/http/properties/anyOf/items/properties/json/additionalProperties/anyOf/2/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
var _valid3 = _errs77 === errors;
valid29 = valid29 || _valid3;
}
}
if(!valid29){
const err70 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/http/properties/anyOf/items/properties/json/additionalProperties/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
else {
errors = _errs72;
if(vErrors !== null){
if(_errs72){
vErrors.length = _errs72;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err71 = {instancePath:instancePath+"/http/anyOf/" + i5+"/json",schemaPath:"#/properties/http/properties/anyOf/items/properties/json/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/http/anyOf/" + i5,schemaPath:"#/properties/http/properties/anyOf/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
else {
const err73 = {instancePath:instancePath+"/http/anyOf",schemaPath:"#/properties/http/properties/anyOf/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/http",schemaPath:"#/properties/http/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data.privateLinkZone !== undefined){
let data29 = data.privateLinkZone;
if(typeof data29 === "string"){
if(func2(data29) > 253){
const err75 = {instancePath:instancePath+"/privateLinkZone",schemaPath:"#/definitions/template/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
if(!pattern2.test(data29)){
const err76 = {instancePath:instancePath+"/privateLinkZone",schemaPath:"#/definitions/template/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9.*{}-]+$"},message:"must match pattern \""+"^[A-Za-z0-9.*{}-]+$"+"\""};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
else {
const err77 = {instancePath:instancePath+"/privateLinkZone",schemaPath:"#/definitions/template/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data.when !== undefined){
let data30 = data.when;
if(data30 && typeof data30 == "object" && !Array.isArray(data30)){
for(const key5 in data30){
if(!(((key5 === "auth") || (key5 === "customDomain")) || (key5 === "networkPlugin"))){
const err78 = {instancePath:instancePath+"/when",schemaPath:"#/properties/when/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data30.auth !== undefined){
let data31 = data30.auth;
if(Array.isArray(data31)){
const len7 = data31.length;
for(let i8=0; i8<len7; i8++){
let data32 = data31[i8];
if(!(((data32 === "key") || (data32 === "token")) || (data32 === "none"))){
const err79 = {instancePath:instancePath+"/when/auth/" + i8,schemaPath:"#/properties/when/properties/auth/items/enum",keyword:"enum",params:{allowedValues: schema12.properties.when.properties.auth.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
}
else {
const err80 = {instancePath:instancePath+"/when/auth",schemaPath:"#/properties/when/properties/auth/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data30.customDomain !== undefined){
if(typeof data30.customDomain !== "boolean"){
const err81 = {instancePath:instancePath+"/when/customDomain",schemaPath:"#/properties/when/properties/customDomain/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data30.networkPlugin !== undefined){
let data34 = data30.networkPlugin;
if(Array.isArray(data34)){
const len8 = data34.length;
for(let i9=0; i9<len8; i9++){
let data35 = data34[i9];
if(!((data35 === "kubenet") || (data35 === "azure"))){
const err82 = {instancePath:instancePath+"/when/networkPlugin/" + i9,schemaPath:"#/properties/when/properties/networkPlugin/items/enum",keyword:"enum",params:{allowedValues: schema12.properties.when.properties.networkPlugin.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
else {
const err83 = {instancePath:instancePath+"/when/networkPlugin",schemaPath:"#/properties/when/properties/networkPlugin/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
}
else {
const err84 = {instancePath:instancePath+"/when",schemaPath:"#/properties/when/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data.dependsOn !== undefined){
let data36 = data.dependsOn;
if(Array.isArray(data36)){
const len9 = data36.length;
for(let i10=0; i10<len9; i10++){
let data37 = data36[i10];
if(typeof data37 === "string"){
if(!pattern1.test(data37)){
const err85 = {instancePath:instancePath+"/dependsOn/" + i10,schemaPath:"#/properties/dependsOn/items/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,60}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,60}$"+"\""};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
else {
const err86 = {instancePath:instancePath+"/dependsOn/" + i10,schemaPath:"#/properties/dependsOn/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
}
else {
const err87 = {instancePath:instancePath+"/dependsOn",schemaPath:"#/properties/dependsOn/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
if(data.severity !== undefined){
let data38 = data.severity;
if(!((data38 === "fail") || (data38 === "warn"))){
const err88 = {instancePath:instancePath+"/severity",schemaPath:"#/properties/severity/enum",keyword:"enum",params:{allowedValues: schema12.properties.severity.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data.remediation !== undefined){
let data39 = data.remediation;
if(typeof data39 === "string"){
if(func2(data39) < 1){
const err89 = {instancePath:instancePath+"/remediation",schemaPath:"#/properties/remediation/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
else {
const err90 = {instancePath:instancePath+"/remediation",schemaPath:"#/properties/remediation/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data.firewall !== undefined){
let data40 = data.firewall;
if(data40 && typeof data40 == "object" && !Array.isArray(data40)){
if(data40.kind === undefined){
const err91 = {instancePath:instancePath+"/firewall",schemaPath:"#/properties/firewall/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
if(data40.protocol === undefined){
const err92 = {instancePath:instancePath+"/firewall",schemaPath:"#/properties/firewall/required",keyword:"required",params:{missingProperty: "protocol"},message:"must have required property '"+"protocol"+"'"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
if(data40.port === undefined){
const err93 = {instancePath:instancePath+"/firewall",schemaPath:"#/properties/firewall/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
for(const key6 in data40){
if(!((((((key6 === "kind") || (key6 === "protocol")) || (key6 === "port")) || (key6 === "fqdns")) || (key6 === "serviceTag")) || (key6 === "fqdnTag"))){
const err94 = {instancePath:instancePath+"/firewall",schemaPath:"#/properties/firewall/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data40.kind !== undefined){
let data41 = data40.kind;
if(!((data41 === "application") || (data41 === "network"))){
const err95 = {instancePath:instancePath+"/firewall/kind",schemaPath:"#/properties/firewall/properties/kind/enum",keyword:"enum",params:{allowedValues: schema12.properties.firewall.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(data40.protocol !== undefined){
let data42 = data40.protocol;
if(!((((data42 === "https") || (data42 === "http")) || (data42 === "tcp")) || (data42 === "udp"))){
const err96 = {instancePath:instancePath+"/firewall/protocol",schemaPath:"#/properties/firewall/properties/protocol/enum",keyword:"enum",params:{allowedValues: schema12.properties.firewall.properties.protocol.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data40.port !== undefined){
let data43 = data40.port;
if(!(((typeof data43 == "number") && (!(data43 % 1) && !isNaN(data43))) && (isFinite(data43)))){
const err97 = {instancePath:instancePath+"/firewall/port",schemaPath:"#/properties/firewall/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
if((typeof data43 == "number") && (isFinite(data43))){
if(data43 > 65535 || isNaN(data43)){
const err98 = {instancePath:instancePath+"/firewall/port",schemaPath:"#/properties/firewall/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
if(data43 < 1 || isNaN(data43)){
const err99 = {instancePath:instancePath+"/firewall/port",schemaPath:"#/properties/firewall/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
}
if(data40.fqdns !== undefined){
let data44 = data40.fqdns;
if(Array.isArray(data44)){
const len10 = data44.length;
for(let i11=0; i11<len10; i11++){
let data45 = data44[i11];
if(typeof data45 === "string"){
if(func2(data45) > 253){
const err100 = {instancePath:instancePath+"/firewall/fqdns/" + i11,schemaPath:"#/definitions/template/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(!pattern2.test(data45)){
const err101 = {instancePath:instancePath+"/firewall/fqdns/" + i11,schemaPath:"#/definitions/template/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9.*{}-]+$"},message:"must match pattern \""+"^[A-Za-z0-9.*{}-]+$"+"\""};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
else {
const err102 = {instancePath:instancePath+"/firewall/fqdns/" + i11,schemaPath:"#/definitions/template/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
}
else {
const err103 = {instancePath:instancePath+"/firewall/fqdns",schemaPath:"#/properties/firewall/properties/fqdns/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data40.serviceTag !== undefined){
let data46 = data40.serviceTag;
if(typeof data46 === "string"){
if(!pattern10.test(data46)){
const err104 = {instancePath:instancePath+"/firewall/serviceTag",schemaPath:"#/properties/firewall/properties/serviceTag/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9.{}]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9.{}]*$"+"\""};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
else {
const err105 = {instancePath:instancePath+"/firewall/serviceTag",schemaPath:"#/properties/firewall/properties/serviceTag/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(data40.fqdnTag !== undefined){
let data47 = data40.fqdnTag;
if(typeof data47 === "string"){
if(!pattern11.test(data47)){
const err106 = {instancePath:instancePath+"/firewall/fqdnTag",schemaPath:"#/properties/firewall/properties/fqdnTag/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9]*$"+"\""};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
else {
const err107 = {instancePath:instancePath+"/firewall/fqdnTag",schemaPath:"#/properties/firewall/properties/fqdnTag/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
}
else {
const err108 = {instancePath:instancePath+"/firewall",schemaPath:"#/properties/firewall/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data.source !== undefined){
let data48 = data.source;
if(typeof data48 === "string"){
if(func2(data48) < 1){
const err109 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
else {
const err110 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
if(data.k8s !== undefined){
let data49 = data.k8s;
if(data49 && typeof data49 == "object" && !Array.isArray(data49)){
if(data49.check === undefined){
const err111 = {instancePath:instancePath+"/k8s",schemaPath:"#/properties/k8s/required",keyword:"required",params:{missingProperty: "check"},message:"must have required property '"+"check"+"'"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
for(const key7 in data49){
if(!(key7 === "check")){
const err112 = {instancePath:instancePath+"/k8s",schemaPath:"#/properties/k8s/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data49.check !== undefined){
let data50 = data49.check;
if(!(((((((((data50 === "router-peer-discovery") || (data50 === "router-peer-connect")) || (data50 === "router-model-discovery")) || (data50 === "model-pods")) || (data50 === "ext-healthcheck")) || (data50 === "ext-azureml-api-server")) || (data50 === "ext-azureml-kube-dns")) || (data50 === "ext-azureml-konnectivity")) || (data50 === "ext-model-identity-proxy"))){
const err113 = {instancePath:instancePath+"/k8s/check",schemaPath:"#/properties/k8s/properties/check/enum",keyword:"enum",params:{allowedValues: schema12.properties.k8s.properties.check.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
}
else {
const err114 = {instancePath:instancePath+"/k8s",schemaPath:"#/properties/k8s/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
if(data.compliance !== undefined){
let data51 = data.compliance;
if(data51 && typeof data51 == "object" && !Array.isArray(data51)){
if(data51.rule === undefined){
const err115 = {instancePath:instancePath+"/compliance",schemaPath:"#/properties/compliance/required",keyword:"required",params:{missingProperty: "rule"},message:"must have required property '"+"rule"+"'"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
if(data51.code === undefined){
const err116 = {instancePath:instancePath+"/compliance",schemaPath:"#/properties/compliance/required",keyword:"required",params:{missingProperty: "code"},message:"must have required property '"+"code"+"'"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
for(const key8 in data51){
if(!(((((key8 === "rule") || (key8 === "code")) || (key8 === "compare")) || (key8 === "match")) || (key8 === "resources"))){
const err117 = {instancePath:instancePath+"/compliance",schemaPath:"#/properties/compliance/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
if(data51.rule !== undefined){
let data52 = data51.rule;
if(!((((((((((data52 === "no-hpa-on-models") || (data52 === "daemonset-present")) || (data52 === "accelerators-on-first-pool")) || (data52 === "devtest-without-autoscale")) || (data52 === "token-auth-same-region")) || (data52 === "model-auth-enabled")) || (data52 === "max-replicas-cover-load")) || (data52 === "fe-upgrade-annotation")) || (data52 === "compute-namespace")) || (data52 === "stack-difference"))){
const err118 = {instancePath:instancePath+"/compliance/rule",schemaPath:"#/properties/compliance/properties/rule/enum",keyword:"enum",params:{allowedValues: schema12.properties.compliance.properties.rule.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
if(data51.code !== undefined){
let data53 = data51.code;
if(typeof data53 === "string"){
if(!pattern12.test(data53)){
const err119 = {instancePath:instancePath+"/compliance/code",schemaPath:"#/properties/compliance/properties/code/pattern",keyword:"pattern",params:{pattern: "^[A-Z][A-Z0-9_]*$"},message:"must match pattern \""+"^[A-Z][A-Z0-9_]*$"+"\""};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
else {
const err120 = {instancePath:instancePath+"/compliance/code",schemaPath:"#/properties/compliance/properties/code/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(data51.compare !== undefined){
let data54 = data51.compare;
if(data54 && typeof data54 == "object" && !Array.isArray(data54)){
if(data54.from === undefined){
const err121 = {instancePath:instancePath+"/compliance/compare",schemaPath:"#/properties/compliance/properties/compare/required",keyword:"required",params:{missingProperty: "from"},message:"must have required property '"+"from"+"'"};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
if(data54.to === undefined){
const err122 = {instancePath:instancePath+"/compliance/compare",schemaPath:"#/properties/compliance/properties/compare/required",keyword:"required",params:{missingProperty: "to"},message:"must have required property '"+"to"+"'"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
for(const key9 in data54){
if(!(((key9 === "from") || (key9 === "to")) || (key9 === "keep"))){
const err123 = {instancePath:instancePath+"/compliance/compare",schemaPath:"#/properties/compliance/properties/compare/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
if(data54.from !== undefined){
let data55 = data54.from;
if(typeof data55 === "string"){
if(!pattern0.test(data55)){
const err124 = {instancePath:instancePath+"/compliance/compare/from",schemaPath:"#/properties/compliance/properties/compare/properties/from/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,40}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,40}$"+"\""};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
else {
const err125 = {instancePath:instancePath+"/compliance/compare/from",schemaPath:"#/properties/compliance/properties/compare/properties/from/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
if(data54.to !== undefined){
let data56 = data54.to;
if(typeof data56 === "string"){
if(!pattern0.test(data56)){
const err126 = {instancePath:instancePath+"/compliance/compare/to",schemaPath:"#/properties/compliance/properties/compare/properties/to/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,40}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,40}$"+"\""};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
else {
const err127 = {instancePath:instancePath+"/compliance/compare/to",schemaPath:"#/properties/compliance/properties/compare/properties/to/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
if(data54.keep !== undefined){
let data57 = data54.keep;
if(Array.isArray(data57)){
const len11 = data57.length;
for(let i12=0; i12<len11; i12++){
let data58 = data57[i12];
if(typeof data58 === "string"){
if(!pattern1.test(data58)){
const err128 = {instancePath:instancePath+"/compliance/compare/keep/" + i12,schemaPath:"#/properties/compliance/properties/compare/properties/keep/items/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,60}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,60}$"+"\""};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
else {
const err129 = {instancePath:instancePath+"/compliance/compare/keep/" + i12,schemaPath:"#/properties/compliance/properties/compare/properties/keep/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
}
else {
const err130 = {instancePath:instancePath+"/compliance/compare/keep",schemaPath:"#/properties/compliance/properties/compare/properties/keep/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
}
else {
const err131 = {instancePath:instancePath+"/compliance/compare",schemaPath:"#/properties/compliance/properties/compare/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
if(data51.match !== undefined){
let data59 = data51.match;
if(Array.isArray(data59)){
if(data59.length < 1){
const err132 = {instancePath:instancePath+"/compliance/match",schemaPath:"#/properties/compliance/properties/match/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
const len12 = data59.length;
for(let i13=0; i13<len12; i13++){
let data60 = data59[i13];
if(data60 && typeof data60 == "object" && !Array.isArray(data60)){
if(data60.namespace === undefined){
const err133 = {instancePath:instancePath+"/compliance/match/" + i13,schemaPath:"#/properties/compliance/properties/match/items/required",keyword:"required",params:{missingProperty: "namespace"},message:"must have required property '"+"namespace"+"'"};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
if(data60.name === undefined){
const err134 = {instancePath:instancePath+"/compliance/match/" + i13,schemaPath:"#/properties/compliance/properties/match/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
for(const key10 in data60){
if(!((key10 === "namespace") || (key10 === "name"))){
const err135 = {instancePath:instancePath+"/compliance/match/" + i13,schemaPath:"#/properties/compliance/properties/match/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data60.namespace !== undefined){
let data61 = data60.namespace;
if(typeof data61 === "string"){
if(!pattern16.test(data61)){
const err136 = {instancePath:instancePath+"/compliance/match/" + i13+"/namespace",schemaPath:"#/properties/compliance/properties/match/items/properties/namespace/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9*-]{1,63}$"},message:"must match pattern \""+"^[a-z0-9*-]{1,63}$"+"\""};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
else {
const err137 = {instancePath:instancePath+"/compliance/match/" + i13+"/namespace",schemaPath:"#/properties/compliance/properties/match/items/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
if(data60.name !== undefined){
let data62 = data60.name;
if(typeof data62 === "string"){
if(!pattern17.test(data62)){
const err138 = {instancePath:instancePath+"/compliance/match/" + i13+"/name",schemaPath:"#/properties/compliance/properties/match/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9.*-]{1,253}$"},message:"must match pattern \""+"^[a-z0-9.*-]{1,253}$"+"\""};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
else {
const err139 = {instancePath:instancePath+"/compliance/match/" + i13+"/name",schemaPath:"#/properties/compliance/properties/match/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
}
else {
const err140 = {instancePath:instancePath+"/compliance/match/" + i13,schemaPath:"#/properties/compliance/properties/match/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
}
else {
const err141 = {instancePath:instancePath+"/compliance/match",schemaPath:"#/properties/compliance/properties/match/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
if(data51.resources !== undefined){
let data63 = data51.resources;
if(Array.isArray(data63)){
if(data63.length < 1){
const err142 = {instancePath:instancePath+"/compliance/resources",schemaPath:"#/properties/compliance/properties/resources/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
const len13 = data63.length;
for(let i14=0; i14<len13; i14++){
let data64 = data63[i14];
if(typeof data64 === "string"){
if(!pattern18.test(data64)){
const err143 = {instancePath:instancePath+"/compliance/resources/" + i14,schemaPath:"#/properties/compliance/properties/resources/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9./*-]{1,253}$"},message:"must match pattern \""+"^[A-Za-z0-9./*-]{1,253}$"+"\""};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
else {
const err144 = {instancePath:instancePath+"/compliance/resources/" + i14,schemaPath:"#/properties/compliance/properties/resources/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
}
else {
const err145 = {instancePath:instancePath+"/compliance/resources",schemaPath:"#/properties/compliance/properties/resources/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
}
else {
const err146 = {instancePath:instancePath+"/compliance",schemaPath:"#/properties/compliance/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
}
else {
const err147 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://aml-preflight.dev/schema/rules.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.ruleSet === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "ruleSet"},message:"must have required property '"+"ruleSet"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.title === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "title"},message:"must have required property '"+"title"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.requirements === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "requirements"},message:"must have required property '"+"requirements"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "ruleSet") || (key0 === "title")) || (key0 === "default")) || (key0 === "requirements"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.ruleSet !== undefined){
let data0 = data.ruleSet;
if(typeof data0 === "string"){
if(!pattern0.test(data0)){
const err4 = {instancePath:instancePath+"/ruleSet",schemaPath:"#/properties/ruleSet/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,40}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,40}$"+"\""};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/ruleSet",schemaPath:"#/properties/ruleSet/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.title !== undefined){
let data1 = data.title;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err6 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.default !== undefined){
if(typeof data.default !== "boolean"){
const err8 = {instancePath:instancePath+"/default",schemaPath:"#/properties/default/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.requirements !== undefined){
let data3 = data.requirements;
if(Array.isArray(data3)){
if(data3.length < 1){
const err9 = {instancePath:instancePath+"/requirements",schemaPath:"#/properties/requirements/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
if(!(validate11(data3[i0], {instancePath:instancePath+"/requirements/" + i0,parentData:data3,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
}
}
else {
const err10 = {instancePath:instancePath+"/requirements",schemaPath:"#/properties/requirements/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

