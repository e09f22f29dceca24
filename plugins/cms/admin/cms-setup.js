// Runs before decap-cms.js: without this flag Decap starts as soon as it
// loads, before cms.js has registered our file formats, and reads every entry
// with the wrong one.
window.CMS_MANUAL_INIT = true;
