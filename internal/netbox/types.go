package netbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// The JSON types below are deliberately small: they decode only the fields the
// provider uses and ignore everything else, so new fields or enum values in
// newer NetBox versions never break decoding.

// Ref is a nested ("brief") object as NetBox embeds it in other objects.
type Ref struct {
	ID      int64  `json:"id"`
	Display string `json:"display,omitempty"`
	Name    string `json:"name,omitempty"`
	Slug    string `json:"slug,omitempty"`
	Model   string `json:"model,omitempty"` // device types
}

// Choice is a NetBox choice field, read as {"value": ..., "label": ...}.
// A bare string is accepted too.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label,omitempty"`
}

func (c *Choice) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*c = Choice{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = Choice{Value: s}
		return nil
	}
	var raw struct {
		Value json.RawMessage `json:"value"`
		Label string          `json:"label"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	c.Label = raw.Label
	c.Value = ""
	if len(raw.Value) > 0 && !bytes.Equal(raw.Value, []byte("null")) {
		var s string
		if err := json.Unmarshal(raw.Value, &s); err == nil {
			c.Value = s
		} else {
			c.Value = string(raw.Value) // numeric choice values
		}
	}
	return nil
}

// --- organisational objects ---

type Site struct {
	ID          int64  `json:"id"`
	Display     string `json:"display"`
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Status      Choice `json:"status"`
	Tenant      *Ref   `json:"tenant"`
	Description string `json:"description"`
	Tags        []Ref  `json:"tags"`
}

type SiteRequest struct {
	Name        string  `json:"name"`
	Slug        string  `json:"slug"`
	Status      string  `json:"status,omitempty"` // default "active"
	Tenant      *int64  `json:"tenant,omitempty"`
	Description string  `json:"description,omitempty"`
	Tags        []int64 `json:"tags,omitempty"`
}

type Tenant struct {
	ID          int64  `json:"id"`
	Display     string `json:"display"`
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	Tags        []Ref  `json:"tags"`
}

type TenantRequest struct {
	Name        string  `json:"name"`
	Slug        string  `json:"slug"`
	Description string  `json:"description,omitempty"`
	Tags        []int64 `json:"tags,omitempty"`
}

type Tag struct {
	ID          int64  `json:"id"`
	Display     string `json:"display"`
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Color       string `json:"color"`
	Description string `json:"description"`
}

type TagRequest struct {
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Color       string `json:"color,omitempty"` // 6 hex digits, no '#'
	Description string `json:"description,omitempty"`
}

type DeviceRole struct {
	ID          int64  `json:"id"`
	Display     string `json:"display"`
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Color       string `json:"color"`
	VMRole      bool   `json:"vm_role"`
	Description string `json:"description"`
	Tags        []Ref  `json:"tags"`
}

type DeviceRoleRequest struct {
	Name        string  `json:"name"`
	Slug        string  `json:"slug"`
	Color       string  `json:"color,omitempty"` // EnsureDeviceRole defaults it to 9e9e9e
	VMRole      *bool   `json:"vm_role,omitempty"`
	Description string  `json:"description,omitempty"`
	Tags        []int64 `json:"tags,omitempty"`
}

type Manufacturer struct {
	ID          int64  `json:"id"`
	Display     string `json:"display"`
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
}

type ManufacturerRequest struct {
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Description string `json:"description,omitempty"`
}

// --- device types and templates ---

type DeviceType struct {
	ID                     int64   `json:"id"`
	Display                string  `json:"display"`
	Manufacturer           Ref     `json:"manufacturer"`
	Model                  string  `json:"model"`
	Slug                   string  `json:"slug"`
	PartNumber             string  `json:"part_number"`
	UHeight                float64 `json:"u_height"`
	IsFullDepth            bool    `json:"is_full_depth"`
	Airflow                *Choice `json:"airflow"`
	Description            string  `json:"description"`
	Comments               string  `json:"comments"`
	Tags                   []Ref   `json:"tags"`
	InterfaceTemplateCount int     `json:"interface_template_count"`
}

type DeviceTypeRequest struct {
	Manufacturer int64    `json:"manufacturer"`
	Model        string   `json:"model"`
	Slug         string   `json:"slug"`
	PartNumber   string   `json:"part_number,omitempty"`
	UHeight      *float64 `json:"u_height,omitempty"` // NetBox default 1.0
	IsFullDepth  *bool    `json:"is_full_depth,omitempty"`
	Airflow      string   `json:"airflow,omitempty"` // e.g. "front-to-rear"
	Description  string   `json:"description,omitempty"`
	Comments     string   `json:"comments,omitempty"`
	Tags         []int64  `json:"tags,omitempty"`
}

type InterfaceTemplate struct {
	ID          int64  `json:"id"`
	Display     string `json:"display"`
	DeviceType  *Ref   `json:"device_type"`
	Name        string `json:"name"`
	Label       string `json:"label"`
	Type        Choice `json:"type"`
	Enabled     bool   `json:"enabled"`
	MgmtOnly    bool   `json:"mgmt_only"`
	Description string `json:"description"`
}

type InterfaceTemplateRequest struct {
	DeviceType  int64  `json:"device_type"` // filled in by CreateDeviceType
	Name        string `json:"name"`
	Label       string `json:"label,omitempty"`
	Type        string `json:"type"` // e.g. "800gbase-x-osfp"
	Enabled     *bool  `json:"enabled,omitempty"`
	MgmtOnly    bool   `json:"mgmt_only,omitempty"`
	Description string `json:"description,omitempty"`
}

// --- devices, interfaces, cables ---

type Device struct {
	ID             int64  `json:"id"`
	Display        string `json:"display"`
	Name           string `json:"name"` // "" when unnamed (null)
	DeviceType     Ref    `json:"device_type"`
	Role           Ref    `json:"role"`
	Site           Ref    `json:"site"`
	Tenant         *Ref   `json:"tenant"`
	Status         Choice `json:"status"`
	Serial         string `json:"serial"`
	Description    string `json:"description"`
	Tags           []Ref  `json:"tags"`
	InterfaceCount int    `json:"interface_count"`
	// LocalContextData is the device's own config context; nil when NetBox has none.
	LocalContextData JSONObject `json:"local_context_data"`
}

// JSONObject is a JSON value kept as its text, with null read as nil, so that a device read
// through go-netbox (which drops a null) and one read directly compare equal.
type JSONObject []byte

// UnmarshalJSON keeps the text of a non-null value.
func (o *JSONObject) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = nil
		return nil
	}
	*o = append((*o)[:0], b...)
	return nil
}

// MarshalJSON writes the value, or null.
func (o JSONObject) MarshalJSON() ([]byte, error) {
	if len(o) == 0 {
		return []byte("null"), nil
	}
	return o, nil
}

type DeviceRequest struct {
	Name        string  `json:"name"`
	DeviceType  int64   `json:"device_type"`
	Role        int64   `json:"role"`
	Site        int64   `json:"site"`
	Tenant      *int64  `json:"tenant,omitempty"`
	Status      string  `json:"status,omitempty"` // "planned", "active", ...
	Serial      string  `json:"serial,omitempty"`
	Description string  `json:"description,omitempty"`
	Tags        []int64 `json:"tags,omitempty"`
	// LocalContextData is sent when set (a JSON object).
	LocalContextData json.RawMessage `json:"local_context_data,omitempty"`
}

type Interface struct {
	ID          int64  `json:"id"`
	Display     string `json:"display"`
	Device      Ref    `json:"device"`
	Name        string `json:"name"`
	Label       string `json:"label"`
	Type        Choice `json:"type"`
	Enabled     bool   `json:"enabled"`
	MgmtOnly    bool   `json:"mgmt_only"`
	Speed       *int64 `json:"speed"` // kbit/s
	Description string `json:"description"`
	Tags        []Ref  `json:"tags"`
	Cable       *Ref   `json:"cable"`
	// MACAddress is the primary MAC address (NetBox 4.2+ keeps MACs as objects of their own).
	MACAddress *string `json:"mac_address"`
}

type InterfaceRequest struct {
	Device int64 `json:"device"`
	// DeviceName is not sent; it only names the interface in errors
	// (interface "leaf-01:E1/5").
	DeviceName  string  `json:"-"`
	Name        string  `json:"name"`
	Label       string  `json:"label,omitempty"`
	Type        string  `json:"type"`
	Enabled     *bool   `json:"enabled,omitempty"` // NetBox default true
	MgmtOnly    bool    `json:"mgmt_only,omitempty"`
	Speed       *int64  `json:"speed,omitempty"` // kbit/s
	Description string  `json:"description,omitempty"`
	Tags        []int64 `json:"tags,omitempty"`
	// MACAddress, written, makes that MAC the interface's primary one: NetBox finds it among
	// the interface's MAC objects or creates one; null clears the primary MAC.
	MACAddress *string `json:"mac_address,omitempty"`
}

// Termination is one end point of a cable as written.
type Termination struct {
	ObjectType string `json:"object_type"` // "dcim.interface"
	ObjectID   int64  `json:"object_id"`
}

// InterfaceEnd is the termination for a dcim.interface.
func InterfaceEnd(id int64) Termination {
	return Termination{ObjectType: "dcim.interface", ObjectID: id}
}

// CableTermination is one end point of a cable as read.
type CableTermination struct {
	ObjectType string `json:"object_type"`
	ObjectID   int64  `json:"object_id"`
	Object     *struct {
		ID      int64  `json:"id"`
		Display string `json:"display"`
		Name    string `json:"name"`
		Device  *Ref   `json:"device"`
	} `json:"object"`
}

type Cable struct {
	ID            int64              `json:"id"`
	Display       string             `json:"display"`
	Type          Choice             `json:"type"`
	ATerminations []CableTermination `json:"a_terminations"`
	BTerminations []CableTermination `json:"b_terminations"`
	Status        Choice             `json:"status"`
	Length        *float64           `json:"length"`
	LengthUnit    Choice             `json:"length_unit"`
	Label         string             `json:"label"`
	Color         string             `json:"color"`
	Description   string             `json:"description"`
	Tags          []Ref              `json:"tags"`
}

// CableLabelMaxLen is the longest cable label NetBox accepts.
const CableLabelMaxLen = 100

type CableRequest struct {
	// Name is not sent; it only names the cable in errors.
	Name          string        `json:"-"`
	ATerminations []Termination `json:"a_terminations"`
	BTerminations []Termination `json:"b_terminations"`
	Status        string        `json:"status,omitempty"` // "planned", "connected", ...
	Type          string        `json:"type,omitempty"`
	Length        *float64      `json:"length,omitempty"`
	LengthUnit    string        `json:"length_unit,omitempty"` // "m", ... with Length
	Label         string        `json:"label,omitempty"`
	Color         string        `json:"color,omitempty"`
	Description   string        `json:"description,omitempty"`
	Tags          []int64       `json:"tags,omitempty"`
}

// Patch is a partial update (PATCH) of one object. Fields are sent as given,
// so a nil value clears a nullable field.
type Patch struct {
	ID int64
	// Name is not sent; it only names the object in errors.
	Name   string
	Fields map[string]any
}

// MarshalJSON renders Fields plus "id" (bulk PATCH needs the id in the body).
func (p Patch) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(p.Fields)+1)
	for k, v := range p.Fields {
		m[k] = v
	}
	m["id"] = p.ID
	return json.Marshal(m)
}

// --- object naming for errors and the generic endpoint constraints ---

func quoted(kind, name string, id int64) string {
	switch {
	case name != "":
		return kind + " " + strconv.Quote(name)
	case id != 0:
		return fmt.Sprintf("%s %d", kind, id)
	}
	return kind
}

func (r SiteRequest) describe() string              { return quoted("site", r.Name, 0) }
func (r TenantRequest) describe() string            { return quoted("tenant", r.Name, 0) }
func (r TagRequest) describe() string               { return quoted("tag", r.Slug, 0) }
func (r DeviceRoleRequest) describe() string        { return quoted("device role", r.Slug, 0) }
func (r ManufacturerRequest) describe() string      { return quoted("manufacturer", r.Slug, 0) }
func (r DeviceTypeRequest) describe() string        { return quoted("device type", r.Slug, 0) }
func (r InterfaceTemplateRequest) describe() string { return quoted("interface template", r.Name, 0) }
func (r DeviceRequest) describe() string            { return quoted("device", r.Name, 0) }
func (r InterfaceRequest) describe() string {
	if r.DeviceName != "" {
		return quoted("interface", r.DeviceName+":"+r.Name, 0)
	}
	if r.Device != 0 {
		return fmt.Sprintf("%s on device %d", quoted("interface", r.Name, 0), r.Device)
	}
	return quoted("interface", r.Name, 0)
}
func (r CableRequest) describe() string {
	if r.Name != "" {
		return quoted("cable", r.Name, 0)
	}
	return quoted("cable", r.Label, 0)
}

func (o Site) objectID() int64              { return o.ID }
func (o Tenant) objectID() int64            { return o.ID }
func (o Tag) objectID() int64               { return o.ID }
func (o DeviceRole) objectID() int64        { return o.ID }
func (o Manufacturer) objectID() int64      { return o.ID }
func (o DeviceType) objectID() int64        { return o.ID }
func (o InterfaceTemplate) objectID() int64 { return o.ID }
func (o Device) objectID() int64            { return o.ID }
func (o Interface) objectID() int64         { return o.ID }
func (o Cable) objectID() int64             { return o.ID }
