-- Core tables: countries, roles, global settings, offices and their addresses, users with their
-- settings, office membership and Django groups/permissions.
-- Salts 20001-20899; phone salts 20900, 20910, 20920, 20930 (synthetic.phone uses salt+1..+3).
--
-- Injected anomalies (docs/synthetic-anomalies.md):
--   #7  auth_user missing_email (NULL or ''), auth_user no_usersetting;
--   #12 dispatch_usersetting.preferences python_repr / empty_string;
--   #13 auth_user case_duplicate_email (groups of 2-3, every member recorded);
--   #14 free-text phones in dispatch_address.phone, dispatch_office.phone/fax,
--       dispatch_usersetting.phone (every non-empty value recorded with its E.164 form);
--   #19 dispatch_office deactivated by a bulk update that left modified unchanged.

-- dispatch_country: the 249 ISO 3166-1 countries; only a few can be selected in forms.
insert into dispatch_country (id, code, name, phone_prefix, is_active)
select row_number() over (order by code), code, name, phone_prefix, is_active
from (values
('AD', 'Andorra', '+376', false), ('AE', 'United Arab Emirates', '+971', true),
('AF', 'Afghanistan', '+93', false), ('AG', 'Antigua & Barbuda', '+1', false),
('AI', 'Anguilla', '+1', false), ('AL', 'Albania', '+355', false),
('AM', 'Armenia', '+374', false), ('AO', 'Angola', '+244', false),
('AQ', 'Antarctica', '+672', false), ('AR', 'Argentina', '+54', true),
('AS', 'American Samoa', '+1', false), ('AT', 'Austria', '+43', false),
('AU', 'Australia', '+61', true), ('AW', 'Aruba', '+297', false),
('AX', 'Åland Islands', '+358', false), ('AZ', 'Azerbaijan', '+994', false),
('BA', 'Bosnia & Herzegovina', '+387', false), ('BB', 'Barbados', '+1', false),
('BD', 'Bangladesh', '+880', false), ('BE', 'Belgium', '+32', false),
('BF', 'Burkina Faso', '+226', false), ('BG', 'Bulgaria', '+359', false),
('BH', 'Bahrain', '+973', false), ('BI', 'Burundi', '+257', false), ('BJ', 'Benin', '+229', false),
('BL', 'St Barthelemy', '+590', false), ('BM', 'Bermuda', '+1', false),
('BN', 'Brunei', '+673', false), ('BO', 'Bolivia', '+591', false),
('BQ', 'Caribbean Netherlands', '+599', false), ('BR', 'Brazil', '+55', true),
('BS', 'Bahamas', '+1', false), ('BT', 'Bhutan', '+975', false),
('BV', 'Bouvet Island', '', false), ('BW', 'Botswana', '+267', false),
('BY', 'Belarus', '+375', false), ('BZ', 'Belize', '+501', false), ('CA', 'Canada', '+1', true),
('CC', 'Cocos (Keeling) Islands', '+61', false), ('CD', 'Congo (Dem. Rep.)', '+243', false),
('CF', 'Central African Republic', '+236', false), ('CG', 'Congo (Rep.)', '+242', false),
('CH', 'Switzerland', '+41', true), ('CI', 'Côte d''Ivoire', '+225', false),
('CK', 'Cook Islands', '+682', false), ('CL', 'Chile', '+56', true),
('CM', 'Cameroon', '+237', false), ('CN', 'China', '+86', false), ('CO', 'Colombia', '+57', true),
('CR', 'Costa Rica', '+506', false), ('CU', 'Cuba', '+53', false),
('CV', 'Cape Verde', '+238', false), ('CW', 'Curaçao', '+599', false),
('CX', 'Christmas Island', '+61', false), ('CY', 'Cyprus', '+357', false),
('CZ', 'Czech Republic', '+420', false), ('DE', 'Germany', '+49', true),
('DJ', 'Djibouti', '+253', false), ('DK', 'Denmark', '+45', false),
('DM', 'Dominica', '+1', false), ('DO', 'Dominican Republic', '+1', false),
('DZ', 'Algeria', '+213', false), ('EC', 'Ecuador', '+593', false),
('EE', 'Estonia', '+372', false), ('EG', 'Egypt', '+20', false),
('EH', 'Western Sahara', '+212', false), ('ER', 'Eritrea', '+291', false),
('ES', 'Spain', '+34', true), ('ET', 'Ethiopia', '+251', false), ('FI', 'Finland', '+358', false),
('FJ', 'Fiji', '+679', false), ('FK', 'Falkland Islands', '+500', false),
('FM', 'Micronesia', '+691', false), ('FO', 'Faroe Islands', '+298', false),
('FR', 'France', '+33', true), ('GA', 'Gabon', '+241', false),
('GB', 'United Kingdom', '+44', true), ('GD', 'Grenada', '+1', false),
('GE', 'Georgia', '+995', false), ('GF', 'French Guiana', '+594', false),
('GG', 'Guernsey', '+44', false), ('GH', 'Ghana', '+233', false),
('GI', 'Gibraltar', '+350', false), ('GL', 'Greenland', '+299', false),
('GM', 'Gambia', '+220', false), ('GN', 'Guinea', '+224', false),
('GP', 'Guadeloupe', '+590', false), ('GQ', 'Equatorial Guinea', '+240', false),
('GR', 'Greece', '+30', false), ('GS', 'South Georgia & the South Sandwich Islands', '', false),
('GT', 'Guatemala', '+502', false), ('GU', 'Guam', '+1', false),
('GW', 'Guinea-Bissau', '+245', false), ('GY', 'Guyana', '+592', false),
('HK', 'Hong Kong', '+852', false), ('HM', 'Heard Island & McDonald Islands', '', false),
('HN', 'Honduras', '+504', false), ('HR', 'Croatia', '+385', false),
('HT', 'Haiti', '+509', false), ('HU', 'Hungary', '+36', false), ('ID', 'Indonesia', '+62', false),
('IE', 'Ireland', '+353', true), ('IL', 'Israel', '+972', true),
('IM', 'Isle of Man', '+44', false), ('IN', 'India', '+91', false),
('IO', 'British Indian Ocean Territory', '+246', false), ('IQ', 'Iraq', '+964', false),
('IR', 'Iran', '+98', false), ('IS', 'Iceland', '+354', false), ('IT', 'Italy', '+39', true),
('JE', 'Jersey', '+44', false), ('JM', 'Jamaica', '+1', false), ('JO', 'Jordan', '+962', false),
('JP', 'Japan', '+81', true), ('KE', 'Kenya', '+254', false), ('KG', 'Kyrgyzstan', '+996', false),
('KH', 'Cambodia', '+855', false), ('KI', 'Kiribati', '+686', false),
('KM', 'Comoros', '+269', false), ('KN', 'St Kitts & Nevis', '+1', false),
('KP', 'North Korea', '+850', false), ('KR', 'South Korea', '+82', true),
('KW', 'Kuwait', '+965', false), ('KY', 'Cayman Islands', '+1', false),
('KZ', 'Kazakhstan', '+7', false), ('LA', 'Laos', '+856', false), ('LB', 'Lebanon', '+961', false),
('LC', 'St Lucia', '+1', false), ('LI', 'Liechtenstein', '+423', false),
('LK', 'Sri Lanka', '+94', false), ('LR', 'Liberia', '+231', false),
('LS', 'Lesotho', '+266', false), ('LT', 'Lithuania', '+370', false),
('LU', 'Luxembourg', '+352', false), ('LV', 'Latvia', '+371', false),
('LY', 'Libya', '+218', false), ('MA', 'Morocco', '+212', false), ('MC', 'Monaco', '+377', false),
('MD', 'Moldova', '+373', false), ('ME', 'Montenegro', '+382', false),
('MF', 'St Martin (French)', '+590', false), ('MG', 'Madagascar', '+261', false),
('MH', 'Marshall Islands', '+692', false), ('MK', 'North Macedonia', '+389', false),
('ML', 'Mali', '+223', false), ('MM', 'Myanmar', '+95', false), ('MN', 'Mongolia', '+976', false),
('MO', 'Macau', '+853', false), ('MP', 'Northern Mariana Islands', '+1', false),
('MQ', 'Martinique', '+596', false), ('MR', 'Mauritania', '+222', false),
('MS', 'Montserrat', '+1', false), ('MT', 'Malta', '+356', false),
('MU', 'Mauritius', '+230', false), ('MV', 'Maldives', '+960', false),
('MW', 'Malawi', '+265', false), ('MX', 'Mexico', '+52', true), ('MY', 'Malaysia', '+60', false),
('MZ', 'Mozambique', '+258', false), ('NA', 'Namibia', '+264', false),
('NC', 'New Caledonia', '+687', false), ('NE', 'Niger', '+227', false),
('NF', 'Norfolk Island', '+672', false), ('NG', 'Nigeria', '+234', false),
('NI', 'Nicaragua', '+505', false), ('NL', 'Netherlands', '+31', true),
('NO', 'Norway', '+47', false), ('NP', 'Nepal', '+977', false), ('NR', 'Nauru', '+674', false),
('NU', 'Niue', '+683', false), ('NZ', 'New Zealand', '+64', true), ('OM', 'Oman', '+968', false),
('PA', 'Panama', '+507', false), ('PE', 'Peru', '+51', false),
('PF', 'French Polynesia', '+689', false), ('PG', 'Papua New Guinea', '+675', false),
('PH', 'Philippines', '+63', false), ('PK', 'Pakistan', '+92', false),
('PL', 'Poland', '+48', false), ('PM', 'St Pierre & Miquelon', '+508', false),
('PN', 'Pitcairn', '+64', false), ('PR', 'Puerto Rico', '+1', true),
('PS', 'Palestine', '+970', false), ('PT', 'Portugal', '+351', false),
('PW', 'Palau', '+680', false), ('PY', 'Paraguay', '+595', false), ('QA', 'Qatar', '+974', false),
('RE', 'Réunion', '+262', false), ('RO', 'Romania', '+40', false), ('RS', 'Serbia', '+381', false),
('RU', 'Russia', '+7', false), ('RW', 'Rwanda', '+250', false),
('SA', 'Saudi Arabia', '+966', false), ('SB', 'Solomon Islands', '+677', false),
('SC', 'Seychelles', '+248', false), ('SD', 'Sudan', '+249', false),
('SE', 'Sweden', '+46', false), ('SG', 'Singapore', '+65', false),
('SH', 'St Helena', '+290', false), ('SI', 'Slovenia', '+386', false),
('SJ', 'Svalbard & Jan Mayen', '+47', false), ('SK', 'Slovakia', '+421', false),
('SL', 'Sierra Leone', '+232', false), ('SM', 'San Marino', '+378', false),
('SN', 'Senegal', '+221', false), ('SO', 'Somalia', '+252', false),
('SR', 'Suriname', '+597', false), ('SS', 'South Sudan', '+211', false),
('ST', 'Sao Tome & Principe', '+239', false), ('SV', 'El Salvador', '+503', false),
('SX', 'St Maarten (Dutch)', '+1', false), ('SY', 'Syria', '+963', false),
('SZ', 'Eswatini', '+268', false), ('TC', 'Turks & Caicos Islands', '+1', false),
('TD', 'Chad', '+235', false), ('TF', 'French Southern Territories', '', false),
('TG', 'Togo', '+228', false), ('TH', 'Thailand', '+66', false),
('TJ', 'Tajikistan', '+992', false), ('TK', 'Tokelau', '+690', false),
('TL', 'East Timor', '+670', false), ('TM', 'Turkmenistan', '+993', false),
('TN', 'Tunisia', '+216', false), ('TO', 'Tonga', '+676', false), ('TR', 'Turkey', '+90', false),
('TT', 'Trinidad & Tobago', '+1', false), ('TV', 'Tuvalu', '+688', false),
('TW', 'Taiwan', '+886', false), ('TZ', 'Tanzania', '+255', false),
('UA', 'Ukraine', '+380', false), ('UG', 'Uganda', '+256', false),
('UM', 'US Minor Outlying Islands', '+1', false), ('US', 'United States', '+1', true),
('UY', 'Uruguay', '+598', false), ('UZ', 'Uzbekistan', '+998', false),
('VA', 'Vatican City', '+39', false), ('VC', 'St Vincent', '+1', false),
('VE', 'Venezuela', '+58', false), ('VG', 'Virgin Islands (UK)', '+1', false),
('VI', 'Virgin Islands (US)', '+1', false), ('VN', 'Vietnam', '+84', false),
('VU', 'Vanuatu', '+678', false), ('WF', 'Wallis & Futuna', '+681', false),
('WS', 'Samoa', '+685', false), ('YE', 'Yemen', '+967', false), ('YT', 'Mayotte', '+262', false),
('ZA', 'South Africa', '+27', false), ('ZM', 'Zambia', '+260', false),
('ZW', 'Zimbabwe', '+263', false)
) as c (code, name, phone_prefix, is_active);

-- dispatch_role: 48 business roles; lab roles have is_staff_role = true.
insert into dispatch_role (id, name, slug, description, is_staff_role, sort_order, created)
select ord, name, slug,
       case when synthetic.u(20001, ord) < 0.3 then ''
            else name || case when is_staff then ' (lab)' else ' (office)' end || ' role.' end,
       is_staff, (ord * 10)::smallint,
       case when ord <= 40 then synthetic.epoch_start() + make_interval(mins => ord::int)
            else synthetic.at_frac(0.25 + 0.05 * (ord - 40)) end
from (values
    (1, 'Administrator', 'administrator', true), (2, 'Lab manager', 'lab-manager', true),
    (3, 'Production manager', 'production-manager', true), (4, 'Scan technician', 'scan-technician', true),
    (5, 'Segmentation technician', 'segmentation-technician', true),
    (6, 'Setup technician', 'setup-technician', true),
    (7, 'Senior setup technician', 'senior-setup-technician', true),
    (8, 'QC technician', 'qc-technician', true), (9, 'QC lead', 'qc-lead', true),
    (10, 'Print technician', 'print-technician', true),
    (11, 'Thermoforming technician', 'thermoforming-technician', true),
    (12, 'Trimming technician', 'trimming-technician', true),
    (13, 'Polishing technician', 'polishing-technician', true), (14, 'Packing', 'packing', true),
    (15, 'Shipping clerk', 'shipping-clerk', true), (16, 'Receiving clerk', 'receiving-clerk', true),
    (17, 'Customer support', 'customer-support', true), (18, 'Support lead', 'support-lead', true),
    (19, 'Billing clerk', 'billing-clerk', true), (20, 'Accountant', 'accountant', true),
    (21, 'Clinical advisor', 'clinical-advisor', true),
    (22, 'Orthodontic consultant', 'orthodontic-consultant', true),
    (23, 'Treatment planner', 'treatment-planner', true),
    (24, 'Indirect bonding technician', 'ibt-technician', true),
    (25, 'Retainer technician', 'retainer-technician', true), (26, 'Model technician', 'model-technician', true),
    (27, 'Sales representative', 'sales-representative', true), (28, 'Marketing', 'marketing', true),
    (29, 'IT support', 'it-support', true), (30, 'Developer', 'developer', true),
    (31, 'Data entry', 'data-entry', true), (32, 'Trainer', 'trainer', true),
    (33, 'Technician (legacy)', 'legacy-technician', true), (34, 'QC (legacy)', 'legacy-qc', true),
    (35, 'Doctor', 'doctor', false), (36, 'Orthodontist', 'orthodontist', false),
    (37, 'General dentist', 'general-dentist', false), (38, 'Associate doctor', 'associate-doctor', false),
    (39, 'Assistant', 'assistant', false), (40, 'Office manager', 'office-manager', false),
    (41, 'Front desk', 'front-desk', false), (42, 'Treatment coordinator', 'treatment-coordinator', false),
    (43, 'Hygienist', 'hygienist', false), (44, 'Office billing', 'office-billing', false),
    (45, 'Scanner operator', 'scanner-operator', false),
    (46, 'Office administrator', 'office-admin', false), (47, 'Read only (office)', 'read-only', false),
    (48, 'DSO regional manager', 'dso-manager', false)
) as r (ord, name, slug, is_staff)
where ord <= synthetic.n('dispatch_role');

-- dispatch_role_permissions: distinct (role, permission) pairs, lab roles hold more of them.
insert into dispatch_role_permissions (id, role_id, permission_id)
select row_number() over (order by role_id, permission_id), role_id, permission_id
from (
    select r.id as role_id, p.id as permission_id
    from dispatch_role as r cross join auth_permission as p
    order by synthetic.u(20002, r.id * 100000 + p.id) * case when r.is_staff_role then 1.0 else 6.0 end,
             r.id, p.id
    limit synthetic.n('dispatch_role_permissions')
) as pairs;

-- dispatch_product_roles: which technician roles may work cases of each product
-- (products 1..n belong to the other generator half; referenced by id only).
insert into dispatch_product_roles (id, product_id, role_id)
select row_number() over (order by product_id, role_id), product_id, role_id
from (
    select p as product_id, r.id as role_id
    from generate_series(1, synthetic.n('dispatch_product')) as p
    cross join dispatch_role as r
    where r.slug in ('scan-technician', 'segmentation-technician', 'setup-technician',
                     'senior-setup-technician', 'qc-technician', 'print-technician',
                     'thermoforming-technician', 'trimming-technician', 'ibt-technician',
                     'retainer-technician', 'model-technician', 'treatment-planner')
    order by synthetic.u(20003, p * 1000 + r.id), p, r.id
    limit synthetic.n('dispatch_product_roles')
) as pairs;

-- dispatch_globalsetting: 5 key/value rows, some plain strings, some JSON.
insert into dispatch_globalsetting (id, key, value, description, modified)
select ord, key, value, description, synthetic.at_frac(frac)
from (values
    (1, 'site_name', 'Aligner Lab Dispatch', 'Name shown in e-mails and page titles', 0.02),
    (2, 'default_turnaround_days', '10', 'Business days from records approval to shipping', 0.41),
    (3, 'maintenance_mode', 'false', '', 0.77),
    (4, 'shipping_cutoff', '{"hour": 15, "minute": 30, "tz": "America/New_York"}',
     'Orders approved after this time ship the next business day', 0.63),
    (5, 'invoice_settings', '{"due_days": 30, "footer": "Thank you for your business.", "tax_rate": 0.0}',
     'Invoice defaults', 0.88)
) as g (ord, key, value, description, frac)
where ord <= synthetic.n('dispatch_globalsetting');

-- cities used for offices and addresses; New York area first (the lab is in New York and most
-- customers are nearby). Canada appears only after 2016 (pre-2016 addresses have no country and
-- mean US).
create temp table core_city on commit drop as
select ord::int as k, city, state_code, state_name, zip_prefix, country
from (values
    (1, 'New York', 'NY', 'New York', '100', 'US'), (2, 'Brooklyn', 'NY', 'New York', '112', 'US'),
    (3, 'Jersey City', 'NJ', 'New Jersey', '073', 'US'), (4, 'Hoboken', 'NJ', 'New Jersey', '070', 'US'),
    (5, 'Newark', 'NJ', 'New Jersey', '071', 'US'), (6, 'White Plains', 'NY', 'New York', '106', 'US'),
    (7, 'Stamford', 'CT', 'Connecticut', '069', 'US'), (8, 'Philadelphia', 'PA', 'Pennsylvania', '191', 'US'),
    (9, 'Boston', 'MA', 'Massachusetts', '021', 'US'), (10, 'Hartford', 'CT', 'Connecticut', '061', 'US'),
    (11, 'Providence', 'RI', 'Rhode Island', '029', 'US'), (12, 'Baltimore', 'MD', 'Maryland', '212', 'US'),
    (13, 'Bethesda', 'MD', 'Maryland', '208', 'US'), (14, 'Washington', 'DC', 'District of Columbia', '200', 'US'),
    (15, 'Arlington', 'VA', 'Virginia', '222', 'US'), (16, 'Richmond', 'VA', 'Virginia', '232', 'US'),
    (17, 'Pittsburgh', 'PA', 'Pennsylvania', '152', 'US'), (18, 'Buffalo', 'NY', 'New York', '142', 'US'),
    (19, 'Charlotte', 'NC', 'North Carolina', '282', 'US'), (20, 'Raleigh', 'NC', 'North Carolina', '276', 'US'),
    (21, 'Atlanta', 'GA', 'Georgia', '303', 'US'), (22, 'Miami', 'FL', 'Florida', '331', 'US'),
    (23, 'Orlando', 'FL', 'Florida', '328', 'US'), (24, 'Tampa', 'FL', 'Florida', '336', 'US'),
    (25, 'Chicago', 'IL', 'Illinois', '606', 'US'), (26, 'Naperville', 'IL', 'Illinois', '605', 'US'),
    (27, 'Detroit', 'MI', 'Michigan', '482', 'US'), (28, 'Columbus', 'OH', 'Ohio', '432', 'US'),
    (29, 'Cleveland', 'OH', 'Ohio', '441', 'US'), (30, 'Houston', 'TX', 'Texas', '770', 'US'),
    (31, 'Dallas', 'TX', 'Texas', '752', 'US'), (32, 'Austin', 'TX', 'Texas', '787', 'US'),
    (33, 'San Antonio', 'TX', 'Texas', '782', 'US'), (34, 'Phoenix', 'AZ', 'Arizona', '850', 'US'),
    (35, 'Denver', 'CO', 'Colorado', '802', 'US'), (36, 'Salt Lake City', 'UT', 'Utah', '841', 'US'),
    (37, 'Los Angeles', 'CA', 'California', '900', 'US'), (38, 'San Diego', 'CA', 'California', '921', 'US'),
    (39, 'San Jose', 'CA', 'California', '951', 'US'), (40, 'San Francisco', 'CA', 'California', '941', 'US'),
    (41, 'Seattle', 'WA', 'Washington', '981', 'US'), (42, 'Portland', 'OR', 'Oregon', '972', 'US'),
    (43, 'Minneapolis', 'MN', 'Minnesota', '554', 'US'), (44, 'Nashville', 'TN', 'Tennessee', '372', 'US'),
    (45, 'Las Vegas', 'NV', 'Nevada', '891', 'US'),
    (46, 'Toronto', 'ON', 'Ontario', 'M5V', 'CA'), (47, 'Mississauga', 'ON', 'Ontario', 'L5B', 'CA'),
    (48, 'Montreal', 'QC', 'Quebec', 'H3B', 'CA'), (49, 'Vancouver', 'BC', 'British Columbia', 'V6B', 'CA'),
    (50, 'Calgary', 'AB', 'Alberta', 'T2P', 'CA')
) as c (ord, city, state_code, state_name, zip_prefix, country);

-- offices (customers), computed once: created grows over the years; names and web domains are
-- built from doctors' last names or the city.
create temp table core_office on commit drop as
with cc as (
    select count(*) filter (where country = 'US') as n_us, count(*) as n_all from core_city
),
base as (
    select o as id,
           synthetic.at_frac(power((o - synthetic.u(20010, o)) / synthetic.n('dispatch_office'), 0.7))
               as created,
           synthetic.last_name(20011, o) as l1,
           synthetic.last_name(20012, o) as l2,
           synthetic.first_name(20013, o) as f1,
           synthetic.pick(20014, o, 8) as pattern,
           synthetic.u(20015, o) as r_city
    from generate_series(1, synthetic.n('dispatch_office')) as o
),
named as (
    select b.*, c.k as city_k, c.city,
           case b.pattern
               when 1 then b.l1 || ' Orthodontics'
               when 2 then b.l1 || ' Family Dentistry'
               when 3 then c.city || ' Smile Center'
               when 4 then 'Dr. ' || b.f1 || ' ' || b.l1 || ', DDS'
               when 5 then c.city || ' Orthodontic Associates'
               when 6 then b.l1 || ' & ' || b.l2 || ' Orthodontics'
               when 7 then 'Bright Smiles of ' || c.city
               else b.l1 || ' Dental Group'
           end as name,
           case b.pattern
               when 1 then synthetic.ascii_slug(b.l1) || 'ortho.com'
               when 2 then synthetic.ascii_slug(b.l1) || 'familydental.com'
               when 3 then synthetic.ascii_slug(c.city) || 'smilecenter.com'
               when 4 then 'dr' || synthetic.ascii_slug(b.l1) || '.com'
               when 5 then synthetic.ascii_slug(c.city) || 'orthoassociates.com'
               when 6 then synthetic.ascii_slug(b.l1) || synthetic.ascii_slug(b.l2) || 'ortho.com'
               when 7 then 'brightsmiles' || synthetic.ascii_slug(c.city) || '.com'
               else synthetic.ascii_slug(b.l1) || 'dentalgroup.com'
           end as domain
    from base as b
    cross join cc
    join core_city as c
        on c.k = 1 + floor(case when b.created < timestamptz '2016-01-01 00:00:00+00' then cc.n_us
                                else cc.n_all end * power(b.r_city, 1.7))::int
),
flagged as (
    select n.*,
           synthetic.chance(20016, n.id, 0.02) as is_deleted,
           -- issue 19: deactivated by QuerySet.update(), modified never bumped
           row_number() over (
               order by synthetic.chance(20016, n.id, 0.02), synthetic.u(20017, n.id), n.id
           ) <= synthetic.k('dispatch_office', 0.01) as bulk_deactivated
    from named as n
)
select f.*,
       upper(left(synthetic.ascii_slug(f.name), 3)) || lpad((f.id % 100)::text, 2, '0') as code,
       case when f.is_deleted or f.bulk_deactivated then false
            else not synthetic.chance(20018, f.id, 0.05) end as is_active,
       case when f.is_deleted
            then synthetic.later(f.created, make_interval(days => 60 + synthetic.pick(20019, f.id, 1500)::int))
       end as deleted_at
from flagged as f;

-- dispatch_address: billing addresses of ~95% of the offices, separate shipping addresses of ~35%,
-- the rest free addresses used by patients. ids follow created. state mixes codes and names,
-- zip codes are free text, country is NULL before 2016 (= US). Issue 14: free-text phones.
create temp table core_address on commit drop as
with owned as (
    select 1 as role, o.id as office_id, 0 as j, o.created, o.city_k, synthetic.u(20021, o.id) as score
    from core_office as o
    where synthetic.chance(20020, o.id, 0.95)
    union all
    select 2, o.id, 0,
           synthetic.later(o.created, make_interval(days => 1 + synthetic.pick(20023, o.id, 400)::int)),
           case when synthetic.chance(20024, o.id, 0.8) then o.city_k
                else 1 + floor(45 * power(synthetic.u(20025, o.id), 1.7))::int end,
           1 + synthetic.u(20026, o.id)
    from core_office as o
    where synthetic.chance(20022, o.id, 0.35)
),
free_n as (
    select greatest(0, synthetic.n('dispatch_address') - (select count(*) from owned)) as cnt
),
free as (
    select 3 as role, 0 as office_id, j,
           synthetic.at_frac(power((j - synthetic.u(20027, j)) / free_n.cnt, 0.5)) as created,
           0 as city_k, 2 + j as score
    from free_n cross join generate_series(1, free_n.cnt) as j
),
picked as (
    select * from owned
    union all
    select * from free
    order by score, role, office_id, j
    limit synthetic.n('dispatch_address')
)
select row_number() over (order by p.created, p.role, p.office_id, p.j)::int as id,
       p.role, p.office_id, p.j, p.created,
       case when p.role < 3 then p.city_k
            else 1 + floor(case when p.created < timestamptz '2016-01-01 00:00:00+00' then 45 else 50 end
                           * power(synthetic.u(20028, p.j), 1.7))::int
       end as city_k
from picked as p;

with ins as (
    insert into dispatch_address (id, line1, line2, city, state, zip_code, country_id, phone,
                                  created, modified)
    select a.id,
           (10 + synthetic.pick(20040, a.id, 9890))::text || ' '
               || synthetic.one_of(20041, a.id, array[
                   'Main', 'Oak', 'Maple', 'Park', 'Washington', 'Lake', 'Hill', 'Elm', 'Pine',
                   'Cedar', 'Broadway', 'Madison', 'Lexington', 'Franklin', 'Jefferson', 'Highland',
                   'Sunset', 'Ridge', 'Church', 'Market', 'Spring', 'Chestnut', 'Walnut', 'Union'])
               || ' ' || synthetic.one_of(20042, a.id, array[
                   'St', 'Street', 'Ave', 'Avenue', 'Blvd', 'Rd', 'Road', 'Dr', 'Ln', 'Way', 'Pkwy']),
           case when a.role < 3 then
                    case when synthetic.u(20043, a.id) < 0.45 then ''
                         when synthetic.u(20043, a.id) < 0.80
                             then 'Suite ' || (100 + synthetic.pick(20044, a.id, 900))::text
                         when synthetic.u(20043, a.id) < 0.90
                             then 'Ste. ' || synthetic.pick(20044, a.id, 40)::text
                         else 'Floor ' || synthetic.pick(20044, a.id, 20)::text end
                else case when synthetic.u(20043, a.id) < 0.7 then ''
                          else 'Apt ' || synthetic.pick(20044, a.id, 60)::text
                               || synthetic.one_of(20045, a.id, array['', 'A', 'B', 'C', 'F']) end
           end,
           c.city,
           case when c.country = 'CA' then c.state_code
                when synthetic.u(20046, a.id) < 0.60 then c.state_code
                when synthetic.u(20046, a.id) < 0.92 then c.state_name
                else lower(c.state_code) end,
           case when c.country = 'CA'
                    then c.zip_prefix || ' ' || synthetic.pick(20047, a.id, 9)::text
                         || synthetic.one_of(20048, a.id, array['A', 'B', 'C', 'E', 'G', 'H', 'J', 'K', 'L', 'M'])
                         || synthetic.pick(20049, a.id, 9)::text
                else c.zip_prefix || lpad((synthetic.pick(20047, a.id, 100) - 1)::text, 2, '0')
                     || case when synthetic.u(20049, a.id) < 0.1
                             then '-' || lpad((synthetic.pick(20048, a.id, 10000) - 1)::text, 4, '0')
                             else '' end
           end,
           case when a.created < timestamptz '2016-01-01 00:00:00+00' then null
                else (select id from dispatch_country where code = c.country) end,
           synthetic.phone(20920, a.id),
           a.created,
           case when synthetic.chance(20050, a.id, 0.7) then a.created
                else synthetic.later(a.created, make_interval(days => synthetic.pick(20051, a.id, 1200)::int))
           end
    from core_address as a
    join core_city as c on c.k = a.city_k
    returning id, phone
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_address', id, 14, 'free_text_phone', 'phone', synthetic.phone_e164(20920, id)
from ins
where phone <> '';

-- dispatch_office: the customers. Issue 14: free-text phone and fax. Issue 19: a few offices
-- deactivated by the bulk "deactivate offices" path: is_active = false but modified is an older,
-- unrelated edit. Other inactive offices went through save() (modified = deactivation time).
with ins as (
    insert into dispatch_office (id, name, code, email, phone, fax, website, address_id,
                                 shipping_address_id, tax_id, notes, is_active, created, modified,
                                 square_customer_id, settings, is_deleted, deleted_at)
    select o.id, o.name, o.code,
           case when synthetic.u(20060, o.id) < 0.03 then ''
                else synthetic.one_of(20061, o.id, array['info', 'office', 'frontdesk', 'contact', 'hello'])
                     || '@' || o.domain end,
           synthetic.phone(20900, o.id),
           case when synthetic.chance(20062, o.id, 0.35) then '' else synthetic.phone(20910, o.id) end,
           case when synthetic.u(20063, o.id) < 0.60 then 'https://www.' || o.domain
                when synthetic.u(20063, o.id) < 0.75 then 'http://' || o.domain
                else '' end,
           billing.id,
           coalesce(shipping.id, case when synthetic.chance(20064, o.id, 0.6) then billing.id end),
           case when synthetic.chance(20065, o.id, 0.5)
                then lpad(synthetic.pick(20066, o.id, 99)::text, 2, '0') || '-'
                     || lpad((synthetic.pick(20067, o.id, 10000000) - 1)::text, 7, '0')
                else '' end,
           case when synthetic.u(20068, o.id) < 0.75 then ''
                else synthetic.one_of(20069, o.id, array[
                    'Prefers FedEx for rush cases.', 'Call before shipping.',
                    'Billing contact is the office manager.', 'Net 30 approved.',
                    'Multi-location practice; see shipping address.',
                    'Doctor reviews setups on Fridays.', 'Account on credit hold in 2019, resolved.']) end,
           o.is_active,
           o.created,
           case when o.is_deleted then o.deleted_at
                when o.bulk_deactivated
                    then synthetic.later(o.created, make_interval(days => synthetic.pick(20070, o.id, 200)::int))
                when not o.is_active
                    then synthetic.later(o.created, make_interval(days => 180 + synthetic.pick(20070, o.id, 1500)::int))
                else synthetic.later(o.created, make_interval(days => synthetic.pick(20070, o.id, 2500)::int))
           end,
           case when o.created < timestamptz '2017-06-01 00:00:00+00' and synthetic.chance(20071, o.id, 0.7) then ''
                when synthetic.chance(20072, o.id, 0.45) then ''
                else left(upper(regexp_replace(encode(decode(
                         md5(synthetic.u(20073, o.id)::text) || md5(synthetic.u(20074, o.id)::text), 'hex'),
                         'base64'), '[^A-Za-z0-9]', '', 'g')), 26) end,
           case when o.created < timestamptz '2016-06-01 00:00:00+00' and synthetic.chance(20075, o.id, 0.3) then '{}'
                else jsonb_build_object(
                    'default_courier', synthetic.one_of(20076, o.id, array['ups', 'fedex', 'fedex', 'usps']),
                    'invoice_email', 'billing@' || o.domain,
                    'notify_sms', synthetic.chance(20077, o.id, 0.4),
                    'ship_to', synthetic.one_of(20078, o.id, array['shipping', 'billing']),
                    'auto_approve_refinements', synthetic.chance(20079, o.id, 0.2)
                )::text end,
           o.is_deleted,
           o.deleted_at
    from core_office as o
    left join core_address as billing on billing.role = 1 and billing.office_id = o.id
    left join core_address as shipping on shipping.role = 2 and shipping.office_id = o.id
    returning id, phone, fax
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_office', id, 14, 'free_text_phone', 'phone', synthetic.phone_e164(20900, id)
from ins where phone <> ''
union all
select 'dispatch_office', id, 14, 'free_text_phone', 'fax', synthetic.phone_e164(20910, id)
from ins where fax <> ''
union all
select 'dispatch_office', o.id, 19, 'modified_not_bumped', 'modified', null
from core_office as o where o.bulk_deactivated;

-- users, computed once: user 1 is the superuser, then (in seeded order) ~3.5% lab staff, the
-- doctors (~0.9 per dispatch_office_doctors row) and office users (assistants, managers, ...).
-- Doctor number r belongs primarily to office ceil(r * offices / doctors), so every office has
-- at least one doctor; office users join an office that existed when they signed up.
-- The first office users in a seeded order carry issue 7 (missing e-mail, then no usersetting)
-- and then become the second/third accounts of the issue-13 case-duplicate groups, whose leaders
-- are doctors. The kinds are disjoint.
create temp table core_user on commit drop as
with sizes as (
    select synthetic.n('auth_user') as n_u,
           greatest(1, round(synthetic.n('auth_user') * 0.035))::bigint as n_staff,
           greatest(1, round(synthetic.n('dispatch_office_doctors') * 0.9))::bigint as n_doc,
           synthetic.n('dispatch_office') as n_o,
           synthetic.k('auth_user', 0.001) as k_missing,
           synthetic.k('auth_user', 0.0004) as k_nosetting,
           synthetic.k('auth_user', 0.0044) as k_groups
),
kinds as (
    select 1 as id, 'staff' as kind
    union all
    select b.id,
           case when b.rk <= s.n_staff then 'staff'
                when b.rk <= s.n_staff + s.n_doc then 'doctor'
                else 'office' end
    from (
        select g as id, row_number() over (order by synthetic.u(20101, g), g) as rk
        from generate_series(2, (select n_u from sizes)) as g
    ) as b
    cross join sizes as s
),
people as (
    select k.id, k.kind,
           row_number() over (partition by k.kind order by k.id) as kind_rank,
           count(*) filter (where k.kind = 'doctor') over () as doctors
    from kinds as k
),
office_pool as (
    select id, row_number() over (order by synthetic.u(20110, id), id) as rk
    from people where kind = 'office'
),
groups as (
    select g, leader_id
    from (
        select id as leader_id, row_number() over (order by synthetic.u(20111, id), id) as g
        from people where kind = 'doctor'
    ) as l
    where g <= (select k_groups from sizes)
),
slots as (
    select gr.g, gr.leader_id, m, row_number() over (order by gr.g, m) as slot_no
    from groups as gr
    cross join lateral generate_series(1, 1 + synthetic.chance(20112, gr.g, 0.25)::int) as m
),
members as (
    -- office users after the issue-7 ones fill the slots (a group without members is dropped)
    select sl.g, sl.leader_id, sl.m, op.id as member_id
    from slots as sl
    cross join sizes as s
    join office_pool as op on op.rk = sl.slot_no + s.k_missing + s.k_nosetting
),
leaders as (
    select distinct g, leader_id from members
)
select p.id, p.kind, p.kind_rank,
       case when p.id = 1 then synthetic.epoch_start()
            else synthetic.at_frac(power((p.id - synthetic.u(20102, p.id)) / s.n_u, 0.75)) end as date_joined,
       synthetic.first_name(20103, p.id) as first_name,
       synthetic.last_name(20104, p.id) as last_name,
       case p.kind
           when 'doctor' then least(s.n_o, ceil(p.kind_rank * s.n_o::float8 / p.doctors))::int
           when 'office' then synthetic.pick(20105, p.id, greatest(1, least(s.n_o,
                                  floor(s.n_o * power(p.id::float8 / s.n_u, 0.75 / 0.7)))::bigint))::int
       end as office_id,
       case when op.rk <= s.k_missing then 'missing_email'
            when op.rk <= s.k_missing + s.k_nosetting then 'no_usersetting'
            when mb.g is not null then 'dup_member'
            when ld.g is not null then 'dup_leader'
       end as special,
       coalesce(mb.g, ld.g) as group_no,
       coalesce(mb.m, 0) as member_no,
       mb.leader_id,
       null::text as local,
       null::text as domain,
       0 as form,
       null::text as email,
       null::text as username,
       null::text as role_slug,
       null::timestamptz as last_login,
       true as is_active
from people as p
cross join sizes as s
left join office_pool as op on op.id = p.id
left join members as mb on mb.member_id = p.id
left join leaders as ld on ld.leader_id = p.id;

-- canonical (lower-case) address: staff at the lab's domain, doctors and most office users at
-- their practice's domain, some office users at a webmail domain.
update core_user as u
set local = case
        when u.kind = 'staff' then n.first || '.' || n.last
        when u.kind = 'doctor' then case
            when synthetic.u(20120, u.id) < 0.50 then n.first || '.' || n.last
            when synthetic.u(20120, u.id) < 0.65 then 'dr' || n.last
            when synthetic.u(20120, u.id) < 0.85 then left(n.first, 1) || n.last
            else n.first end
        when synthetic.u(20121, u.id) < 0.70 then case
            when synthetic.u(20120, u.id) < 0.40 then n.first
            when synthetic.u(20120, u.id) < 0.80 then n.first || '.' || n.last
            else left(n.first, 1) || n.last end
        else n.first || synthetic.one_of(20122, u.id, array['.', '', '_']) || n.last
    end,
    domain = case
        when u.kind = 'staff' then 'clearlinelab.com'
        when u.kind = 'doctor' or synthetic.u(20121, u.id) < 0.70 then o.domain
        else synthetic.one_of(20123, u.id, array['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com',
                                                 'outlook.com', 'hotmail.com', 'aol.com', 'icloud.com'])
    end,
    form = case when u.kind = 'staff' then 0
                when synthetic.u(20124, u.id) < 0.62 then 0
                when synthetic.u(20124, u.id) < 0.95 then 1
                else 2 end
from core_office as o,
     (select id, synthetic.ascii_slug(first_name) as first, synthetic.ascii_slug(last_name) as last
      from core_user) as n
where n.id = u.id
  and o.id = coalesce(u.office_id, 1)
  and u.special is distinct from 'dup_member'
  and u.special is distinct from 'missing_email';

-- make canonical addresses unique case-insensitively ('john.smith2@...'); bases hold no digits
update core_user as u
set local = u.local || d.rn::text
from (
    select id, row_number() over (partition by local, domain order by id) as rn
    from core_user where local is not null
) as d
where d.id = u.id and d.rn > 1;

-- issue 13: the duplicate accounts copy their leader's name, office and address in another case
update core_user as u
set first_name = l.first_name,
    last_name = l.last_name,
    office_id = l.office_id,
    local = l.local,
    domain = l.domain,
    form = (l.form + u.member_no) % 3
from core_user as l
where u.special = 'dup_member' and l.id = u.leader_id;

-- typed address (0 = lower case, 1 = capitalised names, 2 = caps lock), login name, role
update core_user as u
set email = case
        when u.special = 'missing_email' then case when synthetic.chance(20130, u.id, 0.6) then null else '' end
        when u.form = 0 then u.local || '@' || u.domain
        when u.form = 1 then initcap(u.local) || '@' || u.domain
        else upper(u.local) || '@' || u.domain
    end,
    role_slug = case
        when u.id = 1 then 'administrator'
        when u.kind = 'staff' then synthetic.one_of(20131, u.id, array[
            'scan-technician', 'segmentation-technician', 'segmentation-technician', 'setup-technician',
            'setup-technician', 'setup-technician', 'senior-setup-technician', 'qc-technician',
            'qc-technician', 'qc-lead', 'print-technician', 'thermoforming-technician',
            'trimming-technician', 'polishing-technician', 'packing', 'shipping-clerk',
            'receiving-clerk', 'customer-support', 'customer-support', 'support-lead', 'billing-clerk',
            'accountant', 'clinical-advisor', 'orthodontic-consultant', 'treatment-planner',
            'ibt-technician', 'retainer-technician', 'model-technician', 'sales-representative',
            'marketing', 'it-support', 'developer', 'data-entry', 'trainer', 'legacy-technician',
            'legacy-qc', 'lab-manager', 'production-manager', 'administrator'])
        when u.kind = 'doctor' or u.special = 'dup_member' then synthetic.one_of(20132, u.id, array[
            'doctor', 'doctor', 'doctor', 'orthodontist', 'orthodontist', 'general-dentist',
            'associate-doctor'])
        else synthetic.one_of(20133, u.id, array[
            'assistant', 'assistant', 'assistant', 'assistant', 'front-desk', 'front-desk',
            'office-manager', 'treatment-coordinator', 'hygienist', 'office-billing',
            'scanner-operator', 'office-admin', 'read-only', 'dso-manager'])
    end,
    is_active = case
        when u.id = 1 then true
        when u.special = 'dup_member' then synthetic.chance(20134, u.id, 0.5)
        when u.kind = 'staff' then not synthetic.chance(20134, u.id, 0.15)
        else not synthetic.chance(20134, u.id, 0.07)
    end;

update core_user as u
set username = case
        when u.id = 1 then 'admin'
        when u.special = 'missing_email'
            then 'office' || coalesce(u.office_id, 0)::text || '_' || synthetic.ascii_slug(u.first_name)
                 || '_' || u.id::text
        when u.kind = 'staff' then null
        when u.special in ('dup_leader', 'dup_member') then u.email
        when synthetic.chance(20135, u.id, 0.2) then lower(u.email)
        else u.email
    end,
    last_login = case
        when synthetic.chance(20136, u.id, case when u.special = 'missing_email' then 0.5 else 0.05 end)
            then null
        when u.is_active
            then u.date_joined + (synthetic.epoch_end() - u.date_joined)
                                 * (1 - 0.95 * power(synthetic.u(20137, u.id), 2))
        else u.date_joined + (synthetic.epoch_end() - u.date_joined) * 0.7 * synthetic.u(20137, u.id)
    end;

-- lab staff log in with short names ('jsmith', 'jsmith2')
update core_user as u
set username = d.base || case when d.rn > 1 then d.rn::text else '' end
from (
    select id, base, row_number() over (partition by base order by id) as rn
    from (
        select id, left(synthetic.ascii_slug(first_name), 1) || synthetic.ascii_slug(last_name) as base
        from core_user where kind = 'staff' and id <> 1
    ) as s
) as d
where d.id = u.id;

-- auth_user. password: a Django-looking (fake) PBKDF2 hash whose iteration count follows the
-- Django version of the last login, or an unusable '!' password for some disabled accounts.
-- Issues 7 (missing_email) and 13 (case_duplicate_email) are recorded here.
with ins as (
    insert into auth_user (id, password, last_login, is_superuser, username, first_name, last_name,
                           email, is_staff, is_active, date_joined)
    select u.id,
           case when not u.is_active and synthetic.chance(20140, u.id, 0.3)
                then '!' || left(regexp_replace(encode(decode(
                         md5(synthetic.u(20141, u.id)::text) || md5(synthetic.u(20142, u.id)::text), 'hex'),
                         'base64'), '[^A-Za-z0-9]', '', 'g'), 40)
                else 'pbkdf2_sha256$'
                     || case when t.at < timestamptz '2018-01-01 00:00:00+00' then '36000'
                             when t.at < timestamptz '2019-01-01 00:00:00+00' then '100000'
                             when t.at < timestamptz '2020-01-01 00:00:00+00' then '150000'
                             when t.at < timestamptz '2021-01-01 00:00:00+00' then '180000'
                             when t.at < timestamptz '2022-01-01 00:00:00+00' then '216000'
                             when t.at < timestamptz '2023-01-01 00:00:00+00' then '260000'
                             else '390000' end
                     || '$' || left(regexp_replace(encode(decode(
                                   md5(synthetic.u(20143, u.id)::text) || md5(synthetic.u(20144, u.id)::text),
                                   'hex'), 'base64'), '[^A-Za-z0-9]', '', 'g'),
                                   case when t.at < timestamptz '2021-01-01 00:00:00+00' then 12 else 22 end)
                     || '$' || encode(decode(
                                   md5(synthetic.u(20145, u.id)::text) || md5(synthetic.u(20146, u.id)::text),
                                   'hex'), 'base64')
           end,
           u.last_login,
           u.id = 1 or (u.kind = 'staff' and synthetic.chance(20147, u.id, 0.03)),
           u.username,
           u.first_name,
           u.last_name,
           u.email,
           u.kind = 'staff',
           u.is_active,
           u.date_joined
    from core_user as u
    cross join lateral (select coalesce(u.last_login, u.date_joined) as at) as t
    order by u.id
    returning id, email
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'auth_user', u.id, 7, 'missing_email', 'email', null
from core_user as u where u.special = 'missing_email'
union all
select 'auth_user', i.id, 13, 'case_duplicate_email', 'email', lower(i.email)
from ins as i join core_user as u on u.id = i.id
where u.special in ('dup_leader', 'dup_member');

-- dispatch_office_doctors: every doctor's primary office, then second offices for some doctors,
-- up to the row count.
insert into dispatch_office_doctors (id, office_id, user_id)
select row_number() over (order by user_id, is_second), office_id, user_id
from (
    select u.id as user_id, u.office_id, 0 as is_second, synthetic.u(20150, u.id) as score
    from core_user as u where u.kind = 'doctor'
    union all
    select u.id, ((u.office_id - 1 + synthetic.pick(20151, u.id, s.n_o - 1)) % s.n_o + 1)::int, 1,
           1 + synthetic.u(20152, u.id)
    from core_user as u
    cross join (select synthetic.n('dispatch_office') as n_o) as s
    where u.kind = 'doctor' and s.n_o > 1
    order by score, user_id
    limit synthetic.n('dispatch_office_doctors')
) as links;

-- dispatch_usersetting: one row per user except the issue-7 'no_usersetting' accounts; the
-- table's row count is adjusted accordingly. office_id: doctors mostly their primary office,
-- sometimes their second office, another office or NULL; office users their office; lab NULL.
-- role_id is NULL for ~1% of old accounts. Issue 12: preferences in Python repr or ''.
-- Issue 14: free-text phones.
update synthetic.counts
set n = (select count(*) from core_user where special is distinct from 'no_usersetting')
where table_name = 'dispatch_usersetting';

create temp table core_setting on commit drop as
with s as (
    select row_number() over (order by u.id)::int as setting_id, u.*
    from core_user as u
    where u.special is distinct from 'no_usersetting'
),
bad_json as (
    -- issue 12: oldest accounts first; python_repr then empty_string
    select setting_id,
           case when rk <= synthetic.k('dispatch_usersetting', 0.007) then 'python_repr'
                else 'empty_string' end as kind
    from (
        select setting_id, row_number() over (
                   order by date_joined >= timestamptz '2017-01-01 00:00:00+00',
                            synthetic.u(20160, setting_id), setting_id
               ) as rk
        from s
    ) as r
    where rk <= synthetic.k('dispatch_usersetting', 0.007) + synthetic.k('dispatch_usersetting', 0.003)
)
select s.*, b.kind as bad_json
from s left join bad_json as b on b.setting_id = s.setting_id;

with ins as (
    insert into dispatch_usersetting (id, user_id, phone, locale, timezone, role_id, office_id,
                                      preferences, email_notifications, sms_notifications, avatar,
                                      title, license_number, created, modified, last_seen_at)
    select s.setting_id,
           s.id,
           synthetic.phone(20930, s.setting_id),
           synthetic.one_of(20161, s.setting_id, array[
               'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en-us', 'en-us', 'en-us',
               'en-us', 'en-us', 'en-us', 'en_US', 'en_US', 'en_US', 'en_US', 'es']),
           case when synthetic.u(20162, s.setting_id) < 0.3 then ''
                else synthetic.one_of(20163, s.setting_id, array[
                    'America/New_York', 'America/New_York', 'America/New_York', 'America/New_York',
                    'America/New_York', 'America/Chicago', 'America/Chicago', 'America/Denver',
                    'America/Los_Angeles', 'America/Los_Angeles', 'America/Phoenix', 'America/Toronto',
                    'America/Vancouver', 'US/Eastern']) end,
           case when s.date_joined < timestamptz '2016-01-01 00:00:00+00'
                     and synthetic.chance(20164, s.setting_id, 0.25)
                then null else r.id end,
           case when s.kind = 'staff' then null
                when s.kind = 'doctor' then case
                    when synthetic.u(20165, s.setting_id) < 0.92 then s.office_id
                    when synthetic.u(20165, s.setting_id) < 0.95 then coalesce(second.office_id, s.office_id)
                    when synthetic.u(20165, s.setting_id) < 0.98
                        then synthetic.pick(20166, s.setting_id, synthetic.n('dispatch_office'))::int
                    else null end
                when synthetic.chance(20167, s.setting_id, 0.03) then null
                else s.office_id end,
           case s.bad_json
               when 'empty_string' then ''
               when 'python_repr' then format(
                   $f${'theme': '%s', 'notifications': {'email': %s, 'sms': %s}, 'digest': %s, 'page_size': %s}$f$,
                   synthetic.one_of(20168, s.setting_id, array['light', 'dark']),
                   case when synthetic.chance(20169, s.setting_id, 0.8) then 'True' else 'False' end,
                   case when synthetic.chance(20170, s.setting_id, 0.3) then 'True' else 'False' end,
                   case when synthetic.chance(20171, s.setting_id, 0.5) then 'None' else $q$'weekly'$q$ end,
                   synthetic.one_of(20172, s.setting_id, array['25', '50', '100']))
               else jsonb_build_object(
                   'theme', synthetic.one_of(20168, s.setting_id, array['light', 'light', 'dark', 'system']),
                   'notifications', jsonb_build_object(
                       'email', synthetic.chance(20169, s.setting_id, 0.8),
                       'sms', synthetic.chance(20170, s.setting_id, 0.3),
                       'push', synthetic.chance(20173, s.setting_id, 0.2)),
                   'digest', synthetic.one_of(20171, s.setting_id, array['daily', 'weekly', 'never']),
                   'page_size', synthetic.one_of(20172, s.setting_id, array['25', '50', '100'])::int,
                   'dashboard_columns', jsonb_build_array('patient', 'status', 'due_date')
               )::text
           end,
           synthetic.chance(20174, s.setting_id, 0.85),
           synthetic.chance(20175, s.setting_id, 0.3),
           case when synthetic.u(20176, s.setting_id) < 0.7 then ''
                else 'avatars/' || s.id::text || '/'
                     || left(md5(synthetic.u(20177, s.setting_id)::text), 10) || '.jpg' end,
           case when s.kind = 'doctor' or s.special = 'dup_member'
                    then synthetic.one_of(20178, s.setting_id, array[
                        'Dr.', 'Dr.', 'Dr.', 'DDS', 'DMD', 'Dr', 'Orthodontist', ''])
                when s.kind = 'office'
                    then synthetic.one_of(20178, s.setting_id, array[
                        '', '', '', '', '', '', 'RDA', 'CDA', 'Office Manager'])
                else synthetic.one_of(20178, s.setting_id, array['', '', '', '', 'CDT']) end,
           case when (s.kind = 'doctor' or s.special = 'dup_member')
                     and synthetic.chance(20179, s.setting_id, 0.8)
                then synthetic.one_of(20180, s.setting_id, array['NY-', 'NJ ', 'DDS ', '', 'Lic. '])
                     || lpad((synthetic.pick(20181, s.setting_id, 999999))::text, 6, '0')
                else '' end,
           t.created,
           case when s.last_login is null or s.last_login <= t.created then t.created
                else t.created + (s.last_login - t.created) * synthetic.u(20183, s.setting_id) end,
           case when s.last_login is null then null
                else least(synthetic.epoch_end(),
                           s.last_login + make_interval(mins => synthetic.pick(20184, s.setting_id, 90)::int))
           end
    from core_setting as s
    cross join lateral (
        select s.date_joined + make_interval(secs => synthetic.pick(20182, s.setting_id, 30)::int) as created
    ) as t
    left join dispatch_role as r on r.slug = s.role_slug
    left join dispatch_office_doctors as second
        on s.kind = 'doctor' and second.user_id = s.id and second.office_id <> s.office_id
    order by s.setting_id
    returning id, phone
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_usersetting', id, 14, 'free_text_phone', 'phone', synthetic.phone_e164(20930, id)
from ins where phone <> ''
union all
select 'dispatch_usersetting', setting_id, 12, bad_json, 'preferences', null
from core_setting where bad_json is not null
union all
select 'auth_user', id, 7, 'no_usersetting', '', null
from core_user where special = 'no_usersetting';

-- auth_user_groups: every user's main group (from its kind and role), plus a different second
-- group for some users, up to the row count. Groups only loosely mirror roles.
insert into auth_user_groups (id, user_id, group_id)
with main_group as (
    select u.id as user_id, g.id as group_id
    from core_user as u
    join auth_group as g on g.name = case
        when u.role_slug in ('administrator', 'it-support', 'developer') then 'Administrators'
        when u.role_slug in ('lab-manager', 'production-manager') then 'Lab managers'
        when u.role_slug in ('qc-technician', 'qc-lead', 'legacy-qc') then 'QC'
        when u.role_slug in ('print-technician', 'thermoforming-technician', 'trimming-technician',
                             'polishing-technician', 'packing') then 'Production'
        when u.role_slug in ('shipping-clerk', 'receiving-clerk') then 'Shipping'
        when u.role_slug in ('customer-support', 'support-lead', 'sales-representative', 'marketing')
            then 'Customer support'
        when u.role_slug in ('billing-clerk', 'accountant') then 'Billing'
        when u.role_slug in ('clinical-advisor', 'orthodontic-consultant', 'treatment-planner')
            then 'Clinical'
        when u.kind = 'staff' then 'Technicians'
        when u.role_slug in ('doctor', 'orthodontist', 'general-dentist', 'associate-doctor')
            then 'Doctors'
        when u.role_slug in ('office-manager', 'office-admin', 'dso-manager') then 'Office managers'
        else 'Office staff'
    end
),
n_groups as (select count(*) as cnt from auth_group)
select row_number() over (order by user_id, score), user_id, group_id
from (
    select user_id, group_id, synthetic.u(20190, user_id) as score
    from main_group
    union all
    select m.user_id, ((m.group_id - 1 + synthetic.pick(20191, m.user_id, g.cnt - 1)) % g.cnt + 1)::int,
           1 + synthetic.u(20192, m.user_id)
    from main_group as m cross join n_groups as g
    where g.cnt > 1
    order by score, user_id
    limit synthetic.n('auth_user_groups')
) as links;

-- auth_user_user_permissions: a few direct permissions granted to lab staff in the admin.
insert into auth_user_user_permissions (id, user_id, permission_id)
select row_number() over (order by user_id, permission_id), user_id, permission_id
from (
    select u.id as user_id, p.id as permission_id
    from core_user as u cross join auth_permission as p
    where u.kind = 'staff' and u.id <> 1
    order by synthetic.u(20195, u.id * 100000 + p.id), u.id, p.id
    limit synthetic.n('auth_user_user_permissions')
) as grants;

drop table core_setting;
drop table core_user;
drop table core_address;
drop table core_office;
drop table core_city;

analyze dispatch_address;
analyze dispatch_office;
analyze auth_user;
analyze dispatch_usersetting;
analyze dispatch_office_doctors;
analyze dispatch_role;
