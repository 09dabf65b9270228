// @ts-nocheck
// Generated from schema/config.schema.json by build/schema-validators.ts (npm run generate): do not edit.
import type { ValidateFunction } from 'ajv';
import runtime0 from 'ajv/dist/runtime/ucs2length.js';
import { FORMATS } from '../config/formats.ts';
// The SHA-256 of the schema's text this was generated from (src/schema-validator.ts).
export const schemaSha256 = '483d1712a118ff43fa06960ff78f9fe40d078e9a5ad3d4f347a348493f0a46e7';
export const validate: ValidateFunction = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://aml-preflight.dev/schema/config.schema.json","title":"aml-preflight target profile","type":"object","additionalProperties":false,"properties":{"cluster":{"type":"object","additionalProperties":false,"properties":{"apiServerFqdn":{"type":"string","format":"hostname"},"name":{"type":"string","format":"dns-label"},"region":{"type":"string","format":"region"},"networkPlugin":{"enum":["kubenet","azure"]}}},"workspace":{"type":"object","additionalProperties":false,"properties":{"region":{"type":"string","format":"region"},"id":{"type":"string","format":"guid"},"acr":{"oneOf":[{"type":"string","format":"acr-name"},{"type":"array","items":{"type":"string","format":"acr-name"},"maxItems":20}]},"storageAccount":{"oneOf":[{"type":"string","format":"storage-account"},{"type":"array","items":{"type":"string","format":"storage-account"},"maxItems":20}]}}},"endpoint":{"type":"object","additionalProperties":false,"properties":{"auth":{"enum":["key","token","none"]},"domainLabel":{"type":"string","format":"dns-label"},"customDomain":{"type":"string","format":"hostname"}}},"dns":{"type":"object","additionalProperties":false,"properties":{"servers":{"type":"array","maxItems":10,"items":{"type":"string","format":"dns-server"}}}},"proxy":{"type":"object","additionalProperties":false,"properties":{"url":{"type":"string","format":"proxy-url"},"noProxy":{"type":"string","format":"no-proxy"}}},"tls":{"type":"object","additionalProperties":false,"properties":{"caFile":{"type":"string","minLength":1}}},"dependencies":{"type":"array","maxItems":5000,"items":{"type":"string","format":"dependency"}},"ruleSets":{"type":"array","items":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,40}$"}},"connectTo":{"type":"array","items":{"type":"string","format":"connect-to"}},"timeoutMs":{"type":"integer","minimum":50,"maximum":600000}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = runtime0.default;
const formats0 = FORMATS.hostname;
const formats2 = FORMATS["dns-label"];
const formats4 = FORMATS.region;
const formats8 = FORMATS.guid;
const formats10 = FORMATS["acr-name"];
const formats14 = FORMATS["storage-account"];
const formats22 = FORMATS["dns-server"];
const formats24 = FORMATS["proxy-url"];
const formats26 = FORMATS["no-proxy"];
const formats28 = FORMATS.dependency;
const formats30 = FORMATS["connect-to"];
const pattern0 = new RegExp("^[a-z][a-z0-9-]{0,40}$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://aml-preflight.dev/schema/config.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.cluster !== undefined){
let data0 = data.cluster;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!((((key1 === "apiServerFqdn") || (key1 === "name")) || (key1 === "region")) || (key1 === "networkPlugin"))){
const err1 = {instancePath:instancePath+"/cluster",schemaPath:"#/properties/cluster/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.cluster,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.apiServerFqdn !== undefined){
let data1 = data0.apiServerFqdn;
if(typeof data1 === "string"){
if(!(formats0.validate(data1))){
const err2 = {instancePath:instancePath+"/cluster/apiServerFqdn",schemaPath:"#/properties/cluster/properties/apiServerFqdn/format",keyword:"format",params:{format: "hostname"},message:"must match format \""+"hostname"+"\"",schema:"hostname",parentSchema:schema11.properties.cluster.properties.apiServerFqdn,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/cluster/apiServerFqdn",schemaPath:"#/properties/cluster/properties/apiServerFqdn/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.cluster.properties.apiServerFqdn.type,parentSchema:schema11.properties.cluster.properties.apiServerFqdn,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data0.name !== undefined){
let data2 = data0.name;
if(typeof data2 === "string"){
if(!(formats2.validate(data2))){
const err4 = {instancePath:instancePath+"/cluster/name",schemaPath:"#/properties/cluster/properties/name/format",keyword:"format",params:{format: "dns-label"},message:"must match format \""+"dns-label"+"\"",schema:"dns-label",parentSchema:schema11.properties.cluster.properties.name,data:data2};
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
const err5 = {instancePath:instancePath+"/cluster/name",schemaPath:"#/properties/cluster/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.cluster.properties.name.type,parentSchema:schema11.properties.cluster.properties.name,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data0.region !== undefined){
let data3 = data0.region;
if(typeof data3 === "string"){
if(!(formats4.validate(data3))){
const err6 = {instancePath:instancePath+"/cluster/region",schemaPath:"#/properties/cluster/properties/region/format",keyword:"format",params:{format: "region"},message:"must match format \""+"region"+"\"",schema:"region",parentSchema:schema11.properties.cluster.properties.region,data:data3};
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
const err7 = {instancePath:instancePath+"/cluster/region",schemaPath:"#/properties/cluster/properties/region/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.cluster.properties.region.type,parentSchema:schema11.properties.cluster.properties.region,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data0.networkPlugin !== undefined){
let data4 = data0.networkPlugin;
if(!((data4 === "kubenet") || (data4 === "azure"))){
const err8 = {instancePath:instancePath+"/cluster/networkPlugin",schemaPath:"#/properties/cluster/properties/networkPlugin/enum",keyword:"enum",params:{allowedValues: schema11.properties.cluster.properties.networkPlugin.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.cluster.properties.networkPlugin.enum,parentSchema:schema11.properties.cluster.properties.networkPlugin,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/cluster",schemaPath:"#/properties/cluster/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.cluster.type,parentSchema:schema11.properties.cluster,data:data0};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.workspace !== undefined){
let data5 = data.workspace;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
if(!((((key2 === "region") || (key2 === "id")) || (key2 === "acr")) || (key2 === "storageAccount"))){
const err10 = {instancePath:instancePath+"/workspace",schemaPath:"#/properties/workspace/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.workspace,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data5.region !== undefined){
let data6 = data5.region;
if(typeof data6 === "string"){
if(!(formats4.validate(data6))){
const err11 = {instancePath:instancePath+"/workspace/region",schemaPath:"#/properties/workspace/properties/region/format",keyword:"format",params:{format: "region"},message:"must match format \""+"region"+"\"",schema:"region",parentSchema:schema11.properties.workspace.properties.region,data:data6};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/workspace/region",schemaPath:"#/properties/workspace/properties/region/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.workspace.properties.region.type,parentSchema:schema11.properties.workspace.properties.region,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data5.id !== undefined){
let data7 = data5.id;
if(typeof data7 === "string"){
if(!(formats8.validate(data7))){
const err13 = {instancePath:instancePath+"/workspace/id",schemaPath:"#/properties/workspace/properties/id/format",keyword:"format",params:{format: "guid"},message:"must match format \""+"guid"+"\"",schema:"guid",parentSchema:schema11.properties.workspace.properties.id,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/workspace/id",schemaPath:"#/properties/workspace/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.workspace.properties.id.type,parentSchema:schema11.properties.workspace.properties.id,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data5.acr !== undefined){
let data8 = data5.acr;
const _errs20 = errors;
let valid3 = false;
let passing0 = null;
const _errs21 = errors;
if(typeof data8 === "string"){
if(!(formats10.validate(data8))){
const err15 = {instancePath:instancePath+"/workspace/acr",schemaPath:"#/properties/workspace/properties/acr/oneOf/0/format",keyword:"format",params:{format: "acr-name"},message:"must match format \""+"acr-name"+"\"",schema:"acr-name",parentSchema:schema11.properties.workspace.properties.acr.oneOf[0],data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/workspace/acr",schemaPath:"#/properties/workspace/properties/acr/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.workspace.properties.acr.oneOf[0].type,parentSchema:schema11.properties.workspace.properties.acr.oneOf[0],data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var _valid0 = _errs21 === errors;
if(_valid0){
valid3 = true;
passing0 = 0;
}
const _errs23 = errors;
if(Array.isArray(data8)){
if(data8.length > 20){
const err17 = {instancePath:instancePath+"/workspace/acr",schemaPath:"#/properties/workspace/properties/acr/oneOf/1/maxItems",keyword:"maxItems",params:{limit: 20},message:"must NOT have more than 20 items",schema:20,parentSchema:schema11.properties.workspace.properties.acr.oneOf[1],data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
const len0 = data8.length;
for(let i0=0; i0<len0; i0++){
let data9 = data8[i0];
if(typeof data9 === "string"){
if(!(formats10.validate(data9))){
const err18 = {instancePath:instancePath+"/workspace/acr/" + i0,schemaPath:"#/properties/workspace/properties/acr/oneOf/1/items/format",keyword:"format",params:{format: "acr-name"},message:"must match format \""+"acr-name"+"\"",schema:"acr-name",parentSchema:schema11.properties.workspace.properties.acr.oneOf[1].items,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/workspace/acr/" + i0,schemaPath:"#/properties/workspace/properties/acr/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.workspace.properties.acr.oneOf[1].items.type,parentSchema:schema11.properties.workspace.properties.acr.oneOf[1].items,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/workspace/acr",schemaPath:"#/properties/workspace/properties/acr/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.workspace.properties.acr.oneOf[1].type,parentSchema:schema11.properties.workspace.properties.acr.oneOf[1],data:data8};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid0 = _errs23 === errors;
if(_valid0 && valid3){
valid3 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid3 = true;
passing0 = 1;
}
}
if(!valid3){
const err21 = {instancePath:instancePath+"/workspace/acr",schemaPath:"#/properties/workspace/properties/acr/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema11.properties.workspace.properties.acr.oneOf,parentSchema:schema11.properties.workspace.properties.acr,data:data8};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
else {
errors = _errs20;
if(vErrors !== null){
if(_errs20){
vErrors.length = _errs20;
}
else {
vErrors = null;
}
}
}
}
if(data5.storageAccount !== undefined){
let data10 = data5.storageAccount;
const _errs28 = errors;
let valid6 = false;
let passing1 = null;
const _errs29 = errors;
if(typeof data10 === "string"){
if(!(formats14.validate(data10))){
const err22 = {instancePath:instancePath+"/workspace/storageAccount",schemaPath:"#/properties/workspace/properties/storageAccount/oneOf/0/format",keyword:"format",params:{format: "storage-account"},message:"must match format \""+"storage-account"+"\"",schema:"storage-account",parentSchema:schema11.properties.workspace.properties.storageAccount.oneOf[0],data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/workspace/storageAccount",schemaPath:"#/properties/workspace/properties/storageAccount/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.workspace.properties.storageAccount.oneOf[0].type,parentSchema:schema11.properties.workspace.properties.storageAccount.oneOf[0],data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var _valid1 = _errs29 === errors;
if(_valid1){
valid6 = true;
passing1 = 0;
}
const _errs31 = errors;
if(Array.isArray(data10)){
if(data10.length > 20){
const err24 = {instancePath:instancePath+"/workspace/storageAccount",schemaPath:"#/properties/workspace/properties/storageAccount/oneOf/1/maxItems",keyword:"maxItems",params:{limit: 20},message:"must NOT have more than 20 items",schema:20,parentSchema:schema11.properties.workspace.properties.storageAccount.oneOf[1],data:data10};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
const len1 = data10.length;
for(let i1=0; i1<len1; i1++){
let data11 = data10[i1];
if(typeof data11 === "string"){
if(!(formats14.validate(data11))){
const err25 = {instancePath:instancePath+"/workspace/storageAccount/" + i1,schemaPath:"#/properties/workspace/properties/storageAccount/oneOf/1/items/format",keyword:"format",params:{format: "storage-account"},message:"must match format \""+"storage-account"+"\"",schema:"storage-account",parentSchema:schema11.properties.workspace.properties.storageAccount.oneOf[1].items,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/workspace/storageAccount/" + i1,schemaPath:"#/properties/workspace/properties/storageAccount/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.workspace.properties.storageAccount.oneOf[1].items.type,parentSchema:schema11.properties.workspace.properties.storageAccount.oneOf[1].items,data:data11};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/workspace/storageAccount",schemaPath:"#/properties/workspace/properties/storageAccount/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.workspace.properties.storageAccount.oneOf[1].type,parentSchema:schema11.properties.workspace.properties.storageAccount.oneOf[1],data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
var _valid1 = _errs31 === errors;
if(_valid1 && valid6){
valid6 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid6 = true;
passing1 = 1;
}
}
if(!valid6){
const err28 = {instancePath:instancePath+"/workspace/storageAccount",schemaPath:"#/properties/workspace/properties/storageAccount/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf",schema:schema11.properties.workspace.properties.storageAccount.oneOf,parentSchema:schema11.properties.workspace.properties.storageAccount,data:data10};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
else {
errors = _errs28;
if(vErrors !== null){
if(_errs28){
vErrors.length = _errs28;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err29 = {instancePath:instancePath+"/workspace",schemaPath:"#/properties/workspace/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.workspace.type,parentSchema:schema11.properties.workspace,data:data5};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.endpoint !== undefined){
let data12 = data.endpoint;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
for(const key3 in data12){
if(!(((key3 === "auth") || (key3 === "domainLabel")) || (key3 === "customDomain"))){
const err30 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.endpoint,data:data12};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data12.auth !== undefined){
let data13 = data12.auth;
if(!(((data13 === "key") || (data13 === "token")) || (data13 === "none"))){
const err31 = {instancePath:instancePath+"/endpoint/auth",schemaPath:"#/properties/endpoint/properties/auth/enum",keyword:"enum",params:{allowedValues: schema11.properties.endpoint.properties.auth.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.endpoint.properties.auth.enum,parentSchema:schema11.properties.endpoint.properties.auth,data:data13};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data12.domainLabel !== undefined){
let data14 = data12.domainLabel;
if(typeof data14 === "string"){
if(!(formats2.validate(data14))){
const err32 = {instancePath:instancePath+"/endpoint/domainLabel",schemaPath:"#/properties/endpoint/properties/domainLabel/format",keyword:"format",params:{format: "dns-label"},message:"must match format \""+"dns-label"+"\"",schema:"dns-label",parentSchema:schema11.properties.endpoint.properties.domainLabel,data:data14};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/endpoint/domainLabel",schemaPath:"#/properties/endpoint/properties/domainLabel/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.endpoint.properties.domainLabel.type,parentSchema:schema11.properties.endpoint.properties.domainLabel,data:data14};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data12.customDomain !== undefined){
let data15 = data12.customDomain;
if(typeof data15 === "string"){
if(!(formats0.validate(data15))){
const err34 = {instancePath:instancePath+"/endpoint/customDomain",schemaPath:"#/properties/endpoint/properties/customDomain/format",keyword:"format",params:{format: "hostname"},message:"must match format \""+"hostname"+"\"",schema:"hostname",parentSchema:schema11.properties.endpoint.properties.customDomain,data:data15};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/endpoint/customDomain",schemaPath:"#/properties/endpoint/properties/customDomain/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.endpoint.properties.customDomain.type,parentSchema:schema11.properties.endpoint.properties.customDomain,data:data15};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
else {
const err36 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.endpoint.type,parentSchema:schema11.properties.endpoint,data:data12};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.dns !== undefined){
let data16 = data.dns;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key4 in data16){
if(!(key4 === "servers")){
const err37 = {instancePath:instancePath+"/dns",schemaPath:"#/properties/dns/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dns,data:data16};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data16.servers !== undefined){
let data17 = data16.servers;
if(Array.isArray(data17)){
if(data17.length > 10){
const err38 = {instancePath:instancePath+"/dns/servers",schemaPath:"#/properties/dns/properties/servers/maxItems",keyword:"maxItems",params:{limit: 10},message:"must NOT have more than 10 items",schema:10,parentSchema:schema11.properties.dns.properties.servers,data:data17};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
const len2 = data17.length;
for(let i2=0; i2<len2; i2++){
let data18 = data17[i2];
if(typeof data18 === "string"){
if(!(formats22.validate(data18))){
const err39 = {instancePath:instancePath+"/dns/servers/" + i2,schemaPath:"#/properties/dns/properties/servers/items/format",keyword:"format",params:{format: "dns-server"},message:"must match format \""+"dns-server"+"\"",schema:"dns-server",parentSchema:schema11.properties.dns.properties.servers.items,data:data18};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/dns/servers/" + i2,schemaPath:"#/properties/dns/properties/servers/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dns.properties.servers.items.type,parentSchema:schema11.properties.dns.properties.servers.items,data:data18};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/dns/servers",schemaPath:"#/properties/dns/properties/servers/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.dns.properties.servers.type,parentSchema:schema11.properties.dns.properties.servers,data:data17};
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
const err42 = {instancePath:instancePath+"/dns",schemaPath:"#/properties/dns/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dns.type,parentSchema:schema11.properties.dns,data:data16};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data.proxy !== undefined){
let data19 = data.proxy;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key5 in data19){
if(!((key5 === "url") || (key5 === "noProxy"))){
const err43 = {instancePath:instancePath+"/proxy",schemaPath:"#/properties/proxy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.proxy,data:data19};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data19.url !== undefined){
let data20 = data19.url;
if(typeof data20 === "string"){
if(!(formats24.validate(data20))){
const err44 = {instancePath:instancePath+"/proxy/url",schemaPath:"#/properties/proxy/properties/url/format",keyword:"format",params:{format: "proxy-url"},message:"must match format \""+"proxy-url"+"\"",schema:"proxy-url",parentSchema:schema11.properties.proxy.properties.url,data:data20};
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
const err45 = {instancePath:instancePath+"/proxy/url",schemaPath:"#/properties/proxy/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.proxy.properties.url.type,parentSchema:schema11.properties.proxy.properties.url,data:data20};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data19.noProxy !== undefined){
let data21 = data19.noProxy;
if(typeof data21 === "string"){
if(!(formats26.validate(data21))){
const err46 = {instancePath:instancePath+"/proxy/noProxy",schemaPath:"#/properties/proxy/properties/noProxy/format",keyword:"format",params:{format: "no-proxy"},message:"must match format \""+"no-proxy"+"\"",schema:"no-proxy",parentSchema:schema11.properties.proxy.properties.noProxy,data:data21};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/proxy/noProxy",schemaPath:"#/properties/proxy/properties/noProxy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.proxy.properties.noProxy.type,parentSchema:schema11.properties.proxy.properties.noProxy,data:data21};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath:instancePath+"/proxy",schemaPath:"#/properties/proxy/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.proxy.type,parentSchema:schema11.properties.proxy,data:data19};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data.tls !== undefined){
let data22 = data.tls;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
for(const key6 in data22){
if(!(key6 === "caFile")){
const err49 = {instancePath:instancePath+"/tls",schemaPath:"#/properties/tls/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.tls,data:data22};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data22.caFile !== undefined){
let data23 = data22.caFile;
if(typeof data23 === "string"){
if(func3(data23) < 1){
const err50 = {instancePath:instancePath+"/tls/caFile",schemaPath:"#/properties/tls/properties/caFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.tls.properties.caFile,data:data23};
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
const err51 = {instancePath:instancePath+"/tls/caFile",schemaPath:"#/properties/tls/properties/caFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tls.properties.caFile.type,parentSchema:schema11.properties.tls.properties.caFile,data:data23};
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
const err52 = {instancePath:instancePath+"/tls",schemaPath:"#/properties/tls/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.tls.type,parentSchema:schema11.properties.tls,data:data22};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data.dependencies !== undefined){
let data24 = data.dependencies;
if(Array.isArray(data24)){
if(data24.length > 5000){
const err53 = {instancePath:instancePath+"/dependencies",schemaPath:"#/properties/dependencies/maxItems",keyword:"maxItems",params:{limit: 5000},message:"must NOT have more than 5000 items",schema:5000,parentSchema:schema11.properties.dependencies,data:data24};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
const len3 = data24.length;
for(let i3=0; i3<len3; i3++){
let data25 = data24[i3];
if(typeof data25 === "string"){
if(!(formats28.validate(data25))){
const err54 = {instancePath:instancePath+"/dependencies/" + i3,schemaPath:"#/properties/dependencies/items/format",keyword:"format",params:{format: "dependency"},message:"must match format \""+"dependency"+"\"",schema:"dependency",parentSchema:schema11.properties.dependencies.items,data:data25};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/dependencies/" + i3,schemaPath:"#/properties/dependencies/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dependencies.items.type,parentSchema:schema11.properties.dependencies.items,data:data25};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
else {
const err56 = {instancePath:instancePath+"/dependencies",schemaPath:"#/properties/dependencies/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.dependencies.type,parentSchema:schema11.properties.dependencies,data:data24};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data.ruleSets !== undefined){
let data26 = data.ruleSets;
if(Array.isArray(data26)){
const len4 = data26.length;
for(let i4=0; i4<len4; i4++){
let data27 = data26[i4];
if(typeof data27 === "string"){
if(!pattern0.test(data27)){
const err57 = {instancePath:instancePath+"/ruleSets/" + i4,schemaPath:"#/properties/ruleSets/items/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,40}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,40}$"+"\"",schema:"^[a-z][a-z0-9-]{0,40}$",parentSchema:schema11.properties.ruleSets.items,data:data27};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/ruleSets/" + i4,schemaPath:"#/properties/ruleSets/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.ruleSets.items.type,parentSchema:schema11.properties.ruleSets.items,data:data27};
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
else {
const err59 = {instancePath:instancePath+"/ruleSets",schemaPath:"#/properties/ruleSets/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.ruleSets.type,parentSchema:schema11.properties.ruleSets,data:data26};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data.connectTo !== undefined){
let data28 = data.connectTo;
if(Array.isArray(data28)){
const len5 = data28.length;
for(let i5=0; i5<len5; i5++){
let data29 = data28[i5];
if(typeof data29 === "string"){
if(!(formats30.validate(data29))){
const err60 = {instancePath:instancePath+"/connectTo/" + i5,schemaPath:"#/properties/connectTo/items/format",keyword:"format",params:{format: "connect-to"},message:"must match format \""+"connect-to"+"\"",schema:"connect-to",parentSchema:schema11.properties.connectTo.items,data:data29};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
else {
const err61 = {instancePath:instancePath+"/connectTo/" + i5,schemaPath:"#/properties/connectTo/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.connectTo.items.type,parentSchema:schema11.properties.connectTo.items,data:data29};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
}
else {
const err62 = {instancePath:instancePath+"/connectTo",schemaPath:"#/properties/connectTo/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.connectTo.type,parentSchema:schema11.properties.connectTo,data:data28};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data.timeoutMs !== undefined){
let data30 = data.timeoutMs;
if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){
const err63 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.timeoutMs.type,parentSchema:schema11.properties.timeoutMs,data:data30};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 > 600000 || isNaN(data30)){
const err64 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.timeoutMs,data:data30};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if(data30 < 50 || isNaN(data30)){
const err65 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 50},message:"must be >= 50",schema:50,parentSchema:schema11.properties.timeoutMs,data:data30};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
}
}
else {
const err66 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

