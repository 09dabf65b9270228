// @ts-nocheck
// Generated from schema/report.schema.json by build/schema-validators.ts (npm run generate): do not edit.
import type { ValidateFunction } from 'ajv';
import runtime0 from 'ajv/dist/runtime/ucs2length.js';
import { REPORT_FORMATS } from '../report/report-formats.ts';
// The SHA-256 of the schema's text this was generated from (src/schema-validator.ts).
export const schemaSha256 = '124b3d63467c94c4013944abe0d4a09d9ff247035dd007f0e2e1790012b50652';
export const validate: ValidateFunction = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://aml-preflight.dev/schema/report.schema.json","title":"aml-preflight report","type":"object","additionalProperties":false,"required":["schemaVersion","tool","target","vantage","startedAt","durationMs","summary","rootCause","phases","checks"],"definitions":{"phase":{"enum":["router-deploy","router-start","router-run","arc-connect","extension-install","extension-run","training","model-deploy","model-serve"]},"status":{"enum":["pass","warn","fail","skip"]},"vantage":{"type":"object","additionalProperties":false,"required":["kind","host"],"properties":{"kind":{"enum":["local","pod","node"]},"host":{"type":"string"},"nodePool":{"type":"string"},"node":{"type":"string"}}},"check":{"type":"object","additionalProperties":false,"required":["id","requirement","phase","kind","status","message","durationMs","evidence"],"properties":{"id":{"type":"string","minLength":1},"requirement":{"type":"string","minLength":1},"phase":{"$ref":"#/definitions/phase"},"kind":{"enum":["dns","tcp","tls","http","k8s","compliance","catalog"]},"host":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535},"status":{"$ref":"#/definitions/status"},"code":{"type":"string","pattern":"^[A-Z][A-Z0-9_]*$"},"message":{"type":"string"},"remediation":{"type":"string"},"blockedBy":{"type":"string"},"startedMs":{"type":"number","minimum":0,"description":"when the check started, in ms after the report's startedAt; absent in older reports"},"durationMs":{"type":"number","minimum":0},"evidence":{"type":"object"},"vantage":{"$ref":"#/definitions/vantage"},"compute":{"type":"string","description":"the Azure ML compute this check is for (check --all-computes); absent otherwise"}},"allOf":[{"if":{"properties":{"status":{"const":"fail"}}},"then":{"required":["code"]}}]}},"properties":{"schemaVersion":{"const":1},"tool":{"type":"object","additionalProperties":false,"required":["name","version"],"properties":{"name":{"type":"string"},"version":{"type":"string"}}},"target":{"type":"object"},"vantage":{"$ref":"#/definitions/vantage"},"startedAt":{"type":"string","format":"date-time"},"durationMs":{"type":"number","minimum":0},"summary":{"type":"object","additionalProperties":false,"required":["pass","warn","fail","skip"],"properties":{"pass":{"type":"integer","minimum":0},"warn":{"type":"integer","minimum":0},"fail":{"type":"integer","minimum":0},"skip":{"type":"integer","minimum":0}}},"rootCause":{"oneOf":[{"type":"null"},{"type":"object","additionalProperties":false,"required":["phase","checks"],"properties":{"phase":{"$ref":"#/definitions/phase"},"checks":{"type":"array","minItems":1,"items":{"type":"string"}}}}]},"phases":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["id","status"],"properties":{"id":{"$ref":"#/definitions/phase"},"status":{"$ref":"#/definitions/status"}}}},"checks":{"type":"array","items":{"$ref":"#/definitions/check"}}}};
const schema12 = {"type":"object","additionalProperties":false,"required":["kind","host"],"properties":{"kind":{"enum":["local","pod","node"]},"host":{"type":"string"},"nodePool":{"type":"string"},"node":{"type":"string"}}};
const schema13 = {"enum":["router-deploy","router-start","router-run","arc-connect","extension-install","extension-run","training","model-deploy","model-serve"]};
const schema15 = {"enum":["pass","warn","fail","skip"]};
const func2 = Object.prototype.hasOwnProperty;
const formats0 = REPORT_FORMATS["date-time"];
const schema16 = {"type":"object","additionalProperties":false,"required":["id","requirement","phase","kind","status","message","durationMs","evidence"],"properties":{"id":{"type":"string","minLength":1},"requirement":{"type":"string","minLength":1},"phase":{"$ref":"#/definitions/phase"},"kind":{"enum":["dns","tcp","tls","http","k8s","compliance","catalog"]},"host":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535},"status":{"$ref":"#/definitions/status"},"code":{"type":"string","pattern":"^[A-Z][A-Z0-9_]*$"},"message":{"type":"string"},"remediation":{"type":"string"},"blockedBy":{"type":"string"},"startedMs":{"type":"number","minimum":0,"description":"when the check started, in ms after the report's startedAt; absent in older reports"},"durationMs":{"type":"number","minimum":0},"evidence":{"type":"object"},"vantage":{"$ref":"#/definitions/vantage"},"compute":{"type":"string","description":"the Azure ML compute this check is for (check --all-computes); absent otherwise"}},"allOf":[{"if":{"properties":{"status":{"const":"fail"}}},"then":{"required":["code"]}}]};
const func4 = runtime0.default;
const pattern0 = new RegExp("^[A-Z][A-Z0-9_]*$", "u");

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs2 = errors;
let valid1 = true;
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.status !== undefined){
if("fail" !== data.status){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
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
if(_valid0){
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.code === undefined){
const err1 = {instancePath,schemaPath:"#/allOf/0/then/required",keyword:"required",params:{missingProperty: "code"},message:"must have required property '"+"code"+"'",schema:schema16.allOf[0].then.required,parentSchema:schema16.allOf[0].then,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
var _valid0 = _errs5 === errors;
valid1 = _valid0;
}
if(!valid1){
const err2 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema16.allOf[0].if,parentSchema:schema16.allOf[0],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.requirement === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "requirement"},message:"must have required property '"+"requirement"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.phase === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "phase"},message:"must have required property '"+"phase"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.kind === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.status === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "status"},message:"must have required property '"+"status"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.message === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "message"},message:"must have required property '"+"message"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.durationMs === undefined){
const err9 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "durationMs"},message:"must have required property '"+"durationMs"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data.evidence === undefined){
const err10 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "evidence"},message:"must have required property '"+"evidence"+"'",schema:schema16.required,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema16.properties, key0))){
const err11 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.id !== undefined){
let data1 = data.id;
if(typeof data1 === "string"){
if(func4(data1) < 1){
const err12 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema16.properties.id,data:data1};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.id.type,parentSchema:schema16.properties.id,data:data1};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.requirement !== undefined){
let data2 = data.requirement;
if(typeof data2 === "string"){
if(func4(data2) < 1){
const err14 = {instancePath:instancePath+"/requirement",schemaPath:"#/properties/requirement/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema16.properties.requirement,data:data2};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/requirement",schemaPath:"#/properties/requirement/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.requirement.type,parentSchema:schema16.properties.requirement,data:data2};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.phase !== undefined){
let data3 = data.phase;
if(!(((((((((data3 === "router-deploy") || (data3 === "router-start")) || (data3 === "router-run")) || (data3 === "arc-connect")) || (data3 === "extension-install")) || (data3 === "extension-run")) || (data3 === "training")) || (data3 === "model-deploy")) || (data3 === "model-serve"))){
const err16 = {instancePath:instancePath+"/phase",schemaPath:"#/definitions/phase/enum",keyword:"enum",params:{allowedValues: schema13.enum},message:"must be equal to one of the allowed values",schema:schema13.enum,parentSchema:schema13,data:data3};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.kind !== undefined){
let data4 = data.kind;
if(!(((((((data4 === "dns") || (data4 === "tcp")) || (data4 === "tls")) || (data4 === "http")) || (data4 === "k8s")) || (data4 === "compliance")) || (data4 === "catalog"))){
const err17 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/enum",keyword:"enum",params:{allowedValues: schema16.properties.kind.enum},message:"must be equal to one of the allowed values",schema:schema16.properties.kind.enum,parentSchema:schema16.properties.kind,data:data4};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.host !== undefined){
let data5 = data.host;
if(typeof data5 !== "string"){
const err18 = {instancePath:instancePath+"/host",schemaPath:"#/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.host.type,parentSchema:schema16.properties.host,data:data5};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.port !== undefined){
let data6 = data.port;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
const err19 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema16.properties.port.type,parentSchema:schema16.properties.port,data:data6};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 65535 || isNaN(data6)){
const err20 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema16.properties.port,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data6 < 1 || isNaN(data6)){
const err21 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema16.properties.port,data:data6};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
if(data.status !== undefined){
let data7 = data.status;
if(!((((data7 === "pass") || (data7 === "warn")) || (data7 === "fail")) || (data7 === "skip"))){
const err22 = {instancePath:instancePath+"/status",schemaPath:"#/definitions/status/enum",keyword:"enum",params:{allowedValues: schema15.enum},message:"must be equal to one of the allowed values",schema:schema15.enum,parentSchema:schema15,data:data7};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.code !== undefined){
let data8 = data.code;
if(typeof data8 === "string"){
if(!pattern0.test(data8)){
const err23 = {instancePath:instancePath+"/code",schemaPath:"#/properties/code/pattern",keyword:"pattern",params:{pattern: "^[A-Z][A-Z0-9_]*$"},message:"must match pattern \""+"^[A-Z][A-Z0-9_]*$"+"\"",schema:"^[A-Z][A-Z0-9_]*$",parentSchema:schema16.properties.code,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/code",schemaPath:"#/properties/code/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.code.type,parentSchema:schema16.properties.code,data:data8};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.message !== undefined){
let data9 = data.message;
if(typeof data9 !== "string"){
const err25 = {instancePath:instancePath+"/message",schemaPath:"#/properties/message/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.message.type,parentSchema:schema16.properties.message,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.remediation !== undefined){
let data10 = data.remediation;
if(typeof data10 !== "string"){
const err26 = {instancePath:instancePath+"/remediation",schemaPath:"#/properties/remediation/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.remediation.type,parentSchema:schema16.properties.remediation,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.blockedBy !== undefined){
let data11 = data.blockedBy;
if(typeof data11 !== "string"){
const err27 = {instancePath:instancePath+"/blockedBy",schemaPath:"#/properties/blockedBy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.blockedBy.type,parentSchema:schema16.properties.blockedBy,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.startedMs !== undefined){
let data12 = data.startedMs;
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 < 0 || isNaN(data12)){
const err28 = {instancePath:instancePath+"/startedMs",schemaPath:"#/properties/startedMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema16.properties.startedMs,data:data12};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/startedMs",schemaPath:"#/properties/startedMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.startedMs.type,parentSchema:schema16.properties.startedMs,data:data12};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.durationMs !== undefined){
let data13 = data.durationMs;
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 0 || isNaN(data13)){
const err30 = {instancePath:instancePath+"/durationMs",schemaPath:"#/properties/durationMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema16.properties.durationMs,data:data13};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/durationMs",schemaPath:"#/properties/durationMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.durationMs.type,parentSchema:schema16.properties.durationMs,data:data13};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.evidence !== undefined){
let data14 = data.evidence;
if(!(data14 && typeof data14 == "object" && !Array.isArray(data14))){
const err32 = {instancePath:instancePath+"/evidence",schemaPath:"#/properties/evidence/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.evidence.type,parentSchema:schema16.properties.evidence,data:data14};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.vantage !== undefined){
let data15 = data.vantage;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
if(data15.kind === undefined){
const err33 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema12.required,parentSchema:schema12,data:data15};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(data15.host === undefined){
const err34 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/required",keyword:"required",params:{missingProperty: "host"},message:"must have required property '"+"host"+"'",schema:schema12.required,parentSchema:schema12,data:data15};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
for(const key1 in data15){
if(!((((key1 === "kind") || (key1 === "host")) || (key1 === "nodePool")) || (key1 === "node"))){
const err35 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data:data15};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data15.kind !== undefined){
let data16 = data15.kind;
if(!(((data16 === "local") || (data16 === "pod")) || (data16 === "node"))){
const err36 = {instancePath:instancePath+"/vantage/kind",schemaPath:"#/definitions/vantage/properties/kind/enum",keyword:"enum",params:{allowedValues: schema12.properties.kind.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.kind.enum,parentSchema:schema12.properties.kind,data:data16};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data15.host !== undefined){
let data17 = data15.host;
if(typeof data17 !== "string"){
const err37 = {instancePath:instancePath+"/vantage/host",schemaPath:"#/definitions/vantage/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.host.type,parentSchema:schema12.properties.host,data:data17};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data15.nodePool !== undefined){
let data18 = data15.nodePool;
if(typeof data18 !== "string"){
const err38 = {instancePath:instancePath+"/vantage/nodePool",schemaPath:"#/definitions/vantage/properties/nodePool/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.nodePool.type,parentSchema:schema12.properties.nodePool,data:data18};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data15.node !== undefined){
let data19 = data15.node;
if(typeof data19 !== "string"){
const err39 = {instancePath:instancePath+"/vantage/node",schemaPath:"#/definitions/vantage/properties/node/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.node.type,parentSchema:schema12.properties.node,data:data19};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
else {
const err40 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data:data15};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.compute !== undefined){
let data20 = data.compute;
if(typeof data20 !== "string"){
const err41 = {instancePath:instancePath+"/compute",schemaPath:"#/properties/compute/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.compute.type,parentSchema:schema16.properties.compute,data:data20};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://aml-preflight.dev/schema/report.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.schemaVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "schemaVersion"},message:"must have required property '"+"schemaVersion"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.tool === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "tool"},message:"must have required property '"+"tool"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.target === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "target"},message:"must have required property '"+"target"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.vantage === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vantage"},message:"must have required property '"+"vantage"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.startedAt === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "startedAt"},message:"must have required property '"+"startedAt"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.durationMs === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "durationMs"},message:"must have required property '"+"durationMs"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.summary === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "summary"},message:"must have required property '"+"summary"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.rootCause === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "rootCause"},message:"must have required property '"+"rootCause"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.phases === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "phases"},message:"must have required property '"+"phases"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.checks === undefined){
const err9 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "checks"},message:"must have required property '"+"checks"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err10 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.schemaVersion !== undefined){
let data0 = data.schemaVersion;
if(1 !== data0){
const err11 = {instancePath:instancePath+"/schemaVersion",schemaPath:"#/properties/schemaVersion/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant",schema:1,parentSchema:schema11.properties.schemaVersion,data:data0};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.tool !== undefined){
let data1 = data.tool;
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
if(data1.name === undefined){
const err12 = {instancePath:instancePath+"/tool",schemaPath:"#/properties/tool/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema11.properties.tool.required,parentSchema:schema11.properties.tool,data:data1};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data1.version === undefined){
const err13 = {instancePath:instancePath+"/tool",schemaPath:"#/properties/tool/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'",schema:schema11.properties.tool.required,parentSchema:schema11.properties.tool,data:data1};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
for(const key1 in data1){
if(!((key1 === "name") || (key1 === "version"))){
const err14 = {instancePath:instancePath+"/tool",schemaPath:"#/properties/tool/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.tool,data:data1};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data1.name !== undefined){
let data2 = data1.name;
if(typeof data2 !== "string"){
const err15 = {instancePath:instancePath+"/tool/name",schemaPath:"#/properties/tool/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tool.properties.name.type,parentSchema:schema11.properties.tool.properties.name,data:data2};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data1.version !== undefined){
let data3 = data1.version;
if(typeof data3 !== "string"){
const err16 = {instancePath:instancePath+"/tool/version",schemaPath:"#/properties/tool/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tool.properties.version.type,parentSchema:schema11.properties.tool.properties.version,data:data3};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/tool",schemaPath:"#/properties/tool/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.tool.type,parentSchema:schema11.properties.tool,data:data1};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.target !== undefined){
let data4 = data.target;
if(!(data4 && typeof data4 == "object" && !Array.isArray(data4))){
const err18 = {instancePath:instancePath+"/target",schemaPath:"#/properties/target/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.target.type,parentSchema:schema11.properties.target,data:data4};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.vantage !== undefined){
let data5 = data.vantage;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.kind === undefined){
const err19 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema12.required,parentSchema:schema12,data:data5};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data5.host === undefined){
const err20 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/required",keyword:"required",params:{missingProperty: "host"},message:"must have required property '"+"host"+"'",schema:schema12.required,parentSchema:schema12,data:data5};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
for(const key2 in data5){
if(!((((key2 === "kind") || (key2 === "host")) || (key2 === "nodePool")) || (key2 === "node"))){
const err21 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data:data5};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data5.kind !== undefined){
let data6 = data5.kind;
if(!(((data6 === "local") || (data6 === "pod")) || (data6 === "node"))){
const err22 = {instancePath:instancePath+"/vantage/kind",schemaPath:"#/definitions/vantage/properties/kind/enum",keyword:"enum",params:{allowedValues: schema12.properties.kind.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.kind.enum,parentSchema:schema12.properties.kind,data:data6};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data5.host !== undefined){
let data7 = data5.host;
if(typeof data7 !== "string"){
const err23 = {instancePath:instancePath+"/vantage/host",schemaPath:"#/definitions/vantage/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.host.type,parentSchema:schema12.properties.host,data:data7};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data5.nodePool !== undefined){
let data8 = data5.nodePool;
if(typeof data8 !== "string"){
const err24 = {instancePath:instancePath+"/vantage/nodePool",schemaPath:"#/definitions/vantage/properties/nodePool/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.nodePool.type,parentSchema:schema12.properties.nodePool,data:data8};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data5.node !== undefined){
let data9 = data5.node;
if(typeof data9 !== "string"){
const err25 = {instancePath:instancePath+"/vantage/node",schemaPath:"#/definitions/vantage/properties/node/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.node.type,parentSchema:schema12.properties.node,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/vantage",schemaPath:"#/definitions/vantage/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data:data5};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.startedAt !== undefined){
let data10 = data.startedAt;
if(typeof data10 === "string"){
if(!(formats0.validate(data10))){
const err27 = {instancePath:instancePath+"/startedAt",schemaPath:"#/properties/startedAt/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\"",schema:"date-time",parentSchema:schema11.properties.startedAt,data:data10};
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
const err28 = {instancePath:instancePath+"/startedAt",schemaPath:"#/properties/startedAt/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.startedAt.type,parentSchema:schema11.properties.startedAt,data:data10};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.durationMs !== undefined){
let data11 = data.durationMs;
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 0 || isNaN(data11)){
const err29 = {instancePath:instancePath+"/durationMs",schemaPath:"#/properties/durationMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.durationMs,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/durationMs",schemaPath:"#/properties/durationMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.durationMs.type,parentSchema:schema11.properties.durationMs,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.summary !== undefined){
let data12 = data.summary;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
if(data12.pass === undefined){
const err31 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "pass"},message:"must have required property '"+"pass"+"'",schema:schema11.properties.summary.required,parentSchema:schema11.properties.summary,data:data12};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(data12.warn === undefined){
const err32 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "warn"},message:"must have required property '"+"warn"+"'",schema:schema11.properties.summary.required,parentSchema:schema11.properties.summary,data:data12};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(data12.fail === undefined){
const err33 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "fail"},message:"must have required property '"+"fail"+"'",schema:schema11.properties.summary.required,parentSchema:schema11.properties.summary,data:data12};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(data12.skip === undefined){
const err34 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "skip"},message:"must have required property '"+"skip"+"'",schema:schema11.properties.summary.required,parentSchema:schema11.properties.summary,data:data12};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
for(const key3 in data12){
if(!((((key3 === "pass") || (key3 === "warn")) || (key3 === "fail")) || (key3 === "skip"))){
const err35 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.summary,data:data12};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data12.pass !== undefined){
let data13 = data12.pass;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err36 = {instancePath:instancePath+"/summary/pass",schemaPath:"#/properties/summary/properties/pass/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.summary.properties.pass.type,parentSchema:schema11.properties.summary.properties.pass,data:data13};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 0 || isNaN(data13)){
const err37 = {instancePath:instancePath+"/summary/pass",schemaPath:"#/properties/summary/properties/pass/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.summary.properties.pass,data:data13};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
if(data12.warn !== undefined){
let data14 = data12.warn;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
const err38 = {instancePath:instancePath+"/summary/warn",schemaPath:"#/properties/summary/properties/warn/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.summary.properties.warn.type,parentSchema:schema11.properties.summary.properties.warn,data:data14};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 < 0 || isNaN(data14)){
const err39 = {instancePath:instancePath+"/summary/warn",schemaPath:"#/properties/summary/properties/warn/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.summary.properties.warn,data:data14};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
if(data12.fail !== undefined){
let data15 = data12.fail;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
const err40 = {instancePath:instancePath+"/summary/fail",schemaPath:"#/properties/summary/properties/fail/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.summary.properties.fail.type,parentSchema:schema11.properties.summary.properties.fail,data:data15};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 < 0 || isNaN(data15)){
const err41 = {instancePath:instancePath+"/summary/fail",schemaPath:"#/properties/summary/properties/fail/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.summary.properties.fail,data:data15};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
if(data12.skip !== undefined){
let data16 = data12.skip;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err42 = {instancePath:instancePath+"/summary/skip",schemaPath:"#/properties/summary/properties/skip/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.summary.properties.skip.type,parentSchema:schema11.properties.summary.properties.skip,data:data16};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 < 0 || isNaN(data16)){
const err43 = {instancePath:instancePath+"/summary/skip",schemaPath:"#/properties/summary/properties/skip/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.summary.properties.skip,data:data16};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
}
else {
const err44 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.summary.type,parentSchema:schema11.properties.summary,data:data12};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data.rootCause !== undefined){
let data17 = data.rootCause;
const _errs39 = errors;
let valid5 = false;
let passing0 = null;
const _errs40 = errors;
if(data17 !== null){
const err45 = {instancePath:instancePath+"/rootCause",schemaPath:"#/properties/rootCause/oneOf/0/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema11.properties.rootCause.oneOf[0].type,parentSchema:schema11.properties.rootCause.oneOf[0],data:data17};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var _valid0 = _errs40 === errors;
if(_valid0){
valid5 = true;
passing0 = 0;
}
const _errs42 = errors;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
if(data17.phase === undefined){
const err46 = {instancePath:instancePath+"/rootCause",schemaPath:"#/properties/rootCause/oneOf/1/required",keyword:"required",params:{missingProperty: "phase"},message:"must have required property '"+"phase"+"'",schema:schema11.properties.rootCause.oneOf[1].required,parentSchema:schema11.properties.rootCause.oneOf[1],data:data17};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data17.checks === undefined){
const err47 = {instancePath:instancePath+"/rootCause",schemaPath:"#/properties/rootCause/oneOf/1/required",keyword:"required",params:{missingProperty: "checks"},message:"must have required property '"+"checks"+"'",schema:schema11.properties.rootCause.oneOf[1].required,parentSchema:schema11.properties.rootCause.oneOf[1],data:data17};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
for(const key4 in data17){
if(!((key4 === "phase") || (key4 === "checks"))){
const err48 = {instancePath:instancePath+"/rootCause",schemaPath:"#/properties/rootCause/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.rootCause.oneOf[1],data:data17};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data17.phase !== undefined){
let data18 = data17.phase;
if(!(((((((((data18 === "router-deploy") || (data18 === "router-start")) || (data18 === "router-run")) || (data18 === "arc-connect")) || (data18 === "extension-install")) || (data18 === "extension-run")) || (data18 === "training")) || (data18 === "model-deploy")) || (data18 === "model-serve"))){
const err49 = {instancePath:instancePath+"/rootCause/phase",schemaPath:"#/definitions/phase/enum",keyword:"enum",params:{allowedValues: schema13.enum},message:"must be equal to one of the allowed values",schema:schema13.enum,parentSchema:schema13,data:data18};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data17.checks !== undefined){
let data19 = data17.checks;
if(Array.isArray(data19)){
if(data19.length < 1){
const err50 = {instancePath:instancePath+"/rootCause/checks",schemaPath:"#/properties/rootCause/oneOf/1/properties/checks/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.rootCause.oneOf[1].properties.checks,data:data19};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
const len0 = data19.length;
for(let i0=0; i0<len0; i0++){
let data20 = data19[i0];
if(typeof data20 !== "string"){
const err51 = {instancePath:instancePath+"/rootCause/checks/" + i0,schemaPath:"#/properties/rootCause/oneOf/1/properties/checks/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.rootCause.oneOf[1].properties.checks.items.type,parentSchema:schema11.properties.rootCause.oneOf[1].properties.checks.items,data:data20};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
}
else {
const err52 = {instancePath:instancePath+"/rootCause/checks",schemaPath:"#/properties/rootCause/oneOf/1/properties/checks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.rootCause.oneOf[1].properties.checks.type,parentSchema:schema11.properties.rootCause.oneOf[1].properties.checks,data:data19};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
}
else {
const err53 = {instancePath:instancePath+"/rootCause",schemaPath:"#/properties/rootCause/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.rootCause.oneOf[1].type,parentSchema:schema11.properties.rootCause.oneOf[1],data:data17};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
var _valid0 = _errs42 === errors;
if(_valid0 && valid5){
valid5 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid5 = true;
passing0 = 1;
}
}
if(!valid5){
const err54 = {instancePath:instancePath+"/rootCause",schemaPath:"#/properties/rootCause/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema11.properties.rootCause.oneOf,parentSchema:schema11.properties.rootCause,data:data17};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
else {
errors = _errs39;
if(vErrors !== null){
if(_errs39){
vErrors.length = _errs39;
}
else {
vErrors = null;
}
}
}
}
if(data.phases !== undefined){
let data21 = data.phases;
if(Array.isArray(data21)){
const len1 = data21.length;
for(let i1=0; i1<len1; i1++){
let data22 = data21[i1];
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.id === undefined){
const err55 = {instancePath:instancePath+"/phases/" + i1,schemaPath:"#/properties/phases/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema11.properties.phases.items.required,parentSchema:schema11.properties.phases.items,data:data22};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
if(data22.status === undefined){
const err56 = {instancePath:instancePath+"/phases/" + i1,schemaPath:"#/properties/phases/items/required",keyword:"required",params:{missingProperty: "status"},message:"must have required property '"+"status"+"'",schema:schema11.properties.phases.items.required,parentSchema:schema11.properties.phases.items,data:data22};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
for(const key5 in data22){
if(!((key5 === "id") || (key5 === "status"))){
const err57 = {instancePath:instancePath+"/phases/" + i1,schemaPath:"#/properties/phases/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.phases.items,data:data22};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data22.id !== undefined){
let data23 = data22.id;
if(!(((((((((data23 === "router-deploy") || (data23 === "router-start")) || (data23 === "router-run")) || (data23 === "arc-connect")) || (data23 === "extension-install")) || (data23 === "extension-run")) || (data23 === "training")) || (data23 === "model-deploy")) || (data23 === "model-serve"))){
const err58 = {instancePath:instancePath+"/phases/" + i1+"/id",schemaPath:"#/definitions/phase/enum",keyword:"enum",params:{allowedValues: schema13.enum},message:"must be equal to one of the allowed values",schema:schema13.enum,parentSchema:schema13,data:data23};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data22.status !== undefined){
let data24 = data22.status;
if(!((((data24 === "pass") || (data24 === "warn")) || (data24 === "fail")) || (data24 === "skip"))){
const err59 = {instancePath:instancePath+"/phases/" + i1+"/status",schemaPath:"#/definitions/status/enum",keyword:"enum",params:{allowedValues: schema15.enum},message:"must be equal to one of the allowed values",schema:schema15.enum,parentSchema:schema15,data:data24};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
else {
const err60 = {instancePath:instancePath+"/phases/" + i1,schemaPath:"#/properties/phases/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.phases.items.type,parentSchema:schema11.properties.phases.items,data:data22};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
}
else {
const err61 = {instancePath:instancePath+"/phases",schemaPath:"#/properties/phases/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.phases.type,parentSchema:schema11.properties.phases,data:data21};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data.checks !== undefined){
let data25 = data.checks;
if(Array.isArray(data25)){
const len2 = data25.length;
for(let i2=0; i2<len2; i2++){
if(!(validate11(data25[i2], {instancePath:instancePath+"/checks/" + i2,parentData:data25,parentDataProperty:i2,rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
}
}
else {
const err62 = {instancePath:instancePath+"/checks",schemaPath:"#/properties/checks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.checks.type,parentSchema:schema11.properties.checks,data:data25};
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
const err63 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

