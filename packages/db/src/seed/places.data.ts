/**
 * Cities with a real head-office pincode and the state as customers type it at checkout: mostly full
 * names, some abbreviations ("MH", "TN", "UP", "M.P.") and old names ("Orissa", "Pondicherry"), so
 * state normalisation meets what stores actually hold.
 */
export interface DemoPlace {
  city: string;
  state: string;
  pincode: string;
  localities: readonly string[];
}

export const DEMO_PLACES: readonly DemoPlace[] = [
  { city: 'Mumbai', state: 'Maharashtra', pincode: '400001', localities: ['Fort', 'Colaba Causeway', 'Kalbadevi Road'] },
  { city: 'Pune', state: 'MH', pincode: '411001', localities: ['Camp', 'MG Road', 'East Street'] },
  { city: 'Nagpur', state: 'Maharashtra', pincode: '440001', localities: ['Sitabuldi', 'Civil Lines'] },
  { city: 'Bengaluru', state: 'Karnataka', pincode: '560001', localities: ['MG Road', 'Brigade Road', 'Residency Road'] },
  { city: 'Mysuru', state: 'Karnataka', pincode: '570001', localities: ['Sayyaji Rao Road', 'Devaraja Mohalla'] },
  { city: 'Chennai', state: 'Tamil Nadu', pincode: '600001', localities: ['Parrys Corner', 'George Town', 'NSC Bose Road'] },
  { city: 'Coimbatore', state: 'TN', pincode: '641001', localities: ['Town Hall', 'Oppanakara Street'] },
  { city: 'Madurai', state: 'Tamil Nadu', pincode: '625001', localities: ['South Masi Street', 'Town Hall Road'] },
  { city: 'Kolkata', state: 'West Bengal', pincode: '700001', localities: ['BBD Bagh', 'Dalhousie Square'] },
  { city: 'Jaipur', state: 'Rajasthan', pincode: '302001', localities: ['MI Road', 'Johari Bazaar', 'C-Scheme'] },
  { city: 'Lucknow', state: 'Uttar Pradesh', pincode: '226001', localities: ['Hazratganj', 'Aminabad'] },
  { city: 'Varanasi', state: 'UP', pincode: '221001', localities: ['Godowlia', 'Lanka'] },
  { city: 'Kochi', state: 'Kerala', pincode: '682001', localities: ['Fort Kochi', 'Mattancherry'] },
  { city: 'Thiruvananthapuram', state: 'Kerala', pincode: '695001', localities: ['Statue', 'MG Road'] },
  { city: 'Guwahati', state: 'Assam', pincode: '781001', localities: ['Pan Bazaar', 'Fancy Bazaar'] },
  { city: 'Patna', state: 'Bihar', pincode: '800001', localities: ['Fraser Road', 'Gandhi Maidan'] },
  { city: 'Bhubaneswar', state: 'Orissa', pincode: '751001', localities: ['Unit 1', 'Kharavela Nagar'] },
  { city: 'Chandigarh', state: 'Chandigarh', pincode: '160017', localities: ['Sector 17', 'Sector 17-C'] },
  { city: 'Hyderabad', state: 'Telangana', pincode: '500001', localities: ['Abids', 'Nampally'] },
  { city: 'Visakhapatnam', state: 'Andhra Pradesh', pincode: '530001', localities: ['Main Road', 'One Town'] },
  { city: 'Indore', state: 'Madhya Pradesh', pincode: '452001', localities: ['Rajwada', 'MG Road'] },
  { city: 'Bhopal', state: 'M.P.', pincode: '462001', localities: ['Hamidia Road', 'Sultania Road'] },
  { city: 'New Delhi', state: 'Delhi', pincode: '110001', localities: ['Connaught Place', 'Janpath'] },
  { city: 'Gurugram', state: 'Haryana', pincode: '122001', localities: ['Sector 14', 'Old Railway Road'] },
  { city: 'Ahmedabad', state: 'Gujarat', pincode: '380001', localities: ['Lal Darwaja', 'Relief Road'] },
  { city: 'Ludhiana', state: 'Punjab', pincode: '141001', localities: ['Ghumar Mandi', 'Civil Lines'] },
  { city: 'Dehradun', state: 'Uttarakhand', pincode: '248001', localities: ['Paltan Bazaar', 'Rajpur Road'] },
  { city: 'Shimla', state: 'Himachal Pradesh', pincode: '171001', localities: ['The Mall', 'Lakkar Bazaar'] },
  { city: 'Ranchi', state: 'Jharkhand', pincode: '834001', localities: ['Main Road', 'Lalpur'] },
  { city: 'Raipur', state: 'Chhattisgarh', pincode: '492001', localities: ['Sadar Bazaar', 'Civil Lines'] },
  { city: 'Panaji', state: 'Goa', pincode: '403001', localities: ['Fontainhas', '18th June Road'] },
  { city: 'Shillong', state: 'Meghalaya', pincode: '793001', localities: ['Police Bazaar', 'Laitumkhrah'] },
  { city: 'Puducherry', state: 'Pondicherry', pincode: '605001', localities: ['White Town', 'Mission Street'] },
];

/** For bulk benchmark data: 80 x 60 combinations, so a full name matches ~0.02% of customers and a first name ~1%. */
export const FIRST_NAMES: readonly string[] = [
  'Aarav', 'Aditi', 'Aditya', 'Akash', 'Amit', 'Ananya', 'Anil', 'Anjali', 'Ankita', 'Arjun', 'Aisha', 'Ayesha',
  'Bhavna', 'Chetan', 'Deepak', 'Deepika', 'Dinesh', 'Divya', 'Farhan', 'Gaurav', 'Geeta', 'Gopal', 'Harish',
  'Harpreet', 'Imran', 'Ishita', 'Jaya', 'Jyoti', 'Kamal', 'Karthik', 'Kavita', 'Kavya', 'Kiran', 'Lakshmi',
  'Mahesh', 'Manoj', 'Meena', 'Meera', 'Mohan', 'Nandini', 'Naveen', 'Neha', 'Nikhil', 'Nisha', 'Pallavi',
  'Pooja', 'Prakash', 'Pratik', 'Priya', 'Rahul', 'Rajesh', 'Ramesh', 'Rekha', 'Ritu', 'Rohan', 'Sachin',
  'Sandeep', 'Sangeeta', 'Sanjay', 'Shalini', 'Shreya', 'Sneha', 'Sourav', 'Srinivas', 'Suman', 'Sunil',
  'Sunita', 'Suresh', 'Swati', 'Tanvi', 'Tenzing', 'Usha', 'Varun', 'Vidya', 'Vijay', 'Vikram', 'Vinod',
  'Yash', 'Zoya', 'Zubin',
];

export const LAST_NAMES: readonly string[] = [
  'Agarwal', 'Ahmed', 'Banerjee', 'Baruah', 'Bhatt', 'Bose', 'Chatterjee', 'Chauhan', 'Choudhary', 'Das',
  'Desai', 'Deshmukh', 'Dubey', 'Fernandes', 'Ghosh', 'Gupta', 'Hegde', 'Iyer', 'Jain', 'Joshi', 'Kapoor',
  'Kaur', 'Khan', 'Kulkarni', 'Kumar', 'Malhotra', 'Menon', 'Mishra', 'Mohanty', 'Mukherjee', 'Naidu', 'Nair',
  'Narayanan', 'Pandey', 'Patel', 'Patil', 'Pillai', 'Prasad', 'Qureshi', 'Rao', 'Reddy', 'Saxena', 'Sen',
  'Shah', 'Sharma', 'Sheikh', 'Shetty', 'Singh', 'Sinha', 'Srivastava', 'Subramanian', 'Thakur', 'Tiwari',
  'Trivedi', 'Varma', 'Verma', 'Yadav', 'Bhutia', 'Lyngdoh', 'Gill',
];

export const COURIERS: readonly { id: string; name: string }[] = [
  { id: '12', name: 'Delhivery Surface' },
  { id: '27', name: 'Xpressbees' },
  { id: '33', name: 'Ekart Logistics' },
  { id: '41', name: 'DTDC Surface' },
  { id: '58', name: 'Shadowfax' },
];
